package dev.shoal.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FaultServer routes that answer with well-formed HTTP. */
class FaultServerAnswersTest {
    private static FaultServer server;
    private static final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @BeforeAll
    static void start() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url(path))).build());
    }

    private static HttpResponse<byte[]> head(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void statusRouteAnswersThatStatus() throws Exception {
        assertEquals(503, get("/status/503").statusCode());
        assertEquals(418, get("/status/418").statusCode());
    }

    @Test
    void noContentAndNotModifiedHaveNoBody() throws Exception {
        HttpResponse<byte[]> noContent = get("/status/204");
        assertEquals(204, noContent.statusCode());
        assertEquals(0, noContent.body().length);
        assertEquals(304, get("/status/304").statusCode());
        assertEquals(200, get("/status/200").statusCode()); // the connection is still usable afterwards
    }

    @Test
    void delayRouteAnswersAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        assertEquals(200, get("/delay/150").statusCode());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(140));
    }

    @Test
    void bytesAndChunkedServeTheSameDeterministicBytes() throws Exception {
        HttpResponse<byte[]> fixed = get("/bytes/20000");
        HttpResponse<byte[]> chunked = get("/chunked/20000");
        assertArrayEquals(FaultServer.bytesFor(20_000), fixed.body());
        assertArrayEquals(FaultServer.bytesFor(20_000), chunked.body());
        assertEquals("20000", fixed.headers().firstValue("content-length").orElseThrow());
        assertEquals("chunked", chunked.headers().firstValue("transfer-encoding").orElseThrow());
    }

    @Test
    void gzipAndDeflateDecodeToTheDeterministicBytes() throws Exception {
        HttpResponse<byte[]> gzip = get("/gzip/5000");
        HttpResponse<byte[]> deflate = get("/deflate/5000");
        assertEquals("gzip", gzip.headers().firstValue("content-encoding").orElseThrow());
        assertEquals("deflate", deflate.headers().firstValue("content-encoding").orElseThrow());
        assertTrue(gzip.body().length < 5000);
        assertArrayEquals(FaultServer.bytesFor(5000), new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes());
        assertArrayEquals(FaultServer.bytesFor(5000), new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes());
    }

    @Test
    void gzipBombIsSmallButInflatesToTheGivenSize() throws Exception {
        HttpResponse<byte[]> bomb = get("/gzip-bomb/8");
        assertTrue(bomb.body().length < 64 * 1024, "bomb is " + bomb.body().length + " bytes");
        long inflated = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bomb.body()))) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) != -1) {
                inflated += n;
            }
        }
        assertEquals(8L << 20, inflated);
    }

    @Test
    void redirectChainCountsDownWithRelativeLocations() throws Exception {
        HttpResponse<byte[]> first = get("/redirect/3");
        assertEquals(302, first.statusCode());
        assertEquals("/redirect/2", first.headers().firstValue("location").orElseThrow());
        assertEquals(200, get("/redirect/0").statusCode());
        HttpResponse<byte[]> followed = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(server.url("/redirect/3"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, followed.statusCode());
        assertTrue(followed.uri().getPath().endsWith("/redirect/0"));
    }

    @Test
    void redirectLoopPointsAtItself() throws Exception {
        HttpResponse<byte[]> loop = get("/redirect-loop");
        assertEquals(302, loop.statusCode());
        assertEquals("/redirect-loop", loop.headers().firstValue("location").orElseThrow());
    }

    @Test
    void redirectToUsesTheGivenTargetAndStatus() throws Exception {
        HttpResponse<byte[]> response = get("/redirect-to?url=file%3A%2F%2F%2Fetc%2Fpasswd&status=307");
        assertEquals(307, response.statusCode());
        assertEquals("file:///etc/passwd", response.headers().firstValue("location").orElseThrow());
    }

    @Test
    void retryAfterFailsTheFirstTimesThenSucceeds() throws Exception {
        String path = "/retry-after?key=answers-retry&times=2&after=7";
        HttpResponse<byte[]> first = get(path);
        assertEquals(503, first.statusCode());
        assertEquals("7", first.headers().firstValue("retry-after").orElseThrow());
        assertEquals(503, get(path).statusCode());
        assertEquals(200, get(path).statusCode());
    }

    @Test
    void retryAfterCanSendAnHttpDateAndAnotherStatus() throws Exception {
        HttpResponse<byte[]> response = get("/retry-after?key=answers-date&times=1&after=30&status=429&date=1");
        assertEquals(429, response.statusCode());
        assertTrue(response.headers().firstValue("retry-after").orElseThrow().endsWith(" GMT"));
    }

    @Test
    void echoReturnsTheRequestAsJson() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.url("/echo?q=1")))
                .header("X-Test", "yes")
                .POST(HttpRequest.BodyPublishers.ofString("hello \"body\""))
                .build());
        String json = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(json.startsWith("{\"method\":\"POST\",\"uri\":\"/echo?q=1\""), json);
        assertTrue(json.contains("\"X-Test\":[\"yes\"]"), json);
        assertTrue(json.endsWith("\"body\":\"hello \\\"body\\\"\"}"), json);
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(server.url("/anything"))).PUT(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }

    @Test
    void headAnswersCarryNoBody() throws Exception {
        HttpResponse<byte[]> bytes = head("/bytes/1000");
        assertEquals(200, bytes.statusCode());
        assertEquals("1000", bytes.headers().firstValue("content-length").orElseThrow());
        assertEquals(0, bytes.body().length);
        assertEquals(0, head("/chunked/1000").body().length);
        assertEquals(0, head("/echo").body().length);
        assertEquals(200, get("/bytes/10").statusCode());
    }

    @Test
    void closeAfterAnswersThenCloses() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String answer = raw.send("GET", "/close-after").readToEnd();
            assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.contains("connection: close"), answer);
        }
    }

    @Test
    void staleOnReuseClosesTheSecondRequestOfAConnection() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String first = raw.send("GET", "/stale-on-reuse").readUntilSilent(300);
            assertTrue(first.startsWith("HTTP/1.1 200 OK"), first);
            assertEquals("", raw.send("GET", "/stale-on-reuse").readToEnd());
        }
    }

    @Test
    void customRouteAnswersWithItsReply() throws Exception {
        server.route("/custom", (request, reply) -> reply.status(201).header("X-Seen", request.method()).body("made")
                .delay(Duration.ofMillis(50)));
        HttpResponse<byte[]> response = get("/custom/thing");
        assertEquals(201, response.statusCode());
        assertEquals("GET", response.headers().firstValue("x-seen").orElseThrow());
        assertEquals("made", new String(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void requestsAreRecordedInOrderWithTheirConnection() throws Exception {
        try (FaultServer own = FaultServer.start(); RawHttp raw = new RawHttp(own.port())) {
            raw.send("GET", "/status/200", "X-Id: one").readUntilSilent(200);
            raw.send("GET", "/bytes/3").readUntilSilent(200);
            RecordedRequest first = own.takeRequest(1, TimeUnit.SECONDS);
            RecordedRequest second = own.takeRequest(1, TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals("/status/200", first.path());
            assertEquals("one", first.header("x-id"));
            assertEquals(0, first.sequenceNumber());
            assertEquals(1, second.sequenceNumber());
            assertEquals(first.connectionIndex(), second.connectionIndex());
            assertNull(own.takeRequest(10, TimeUnit.MILLISECONDS));
            assertEquals(2, own.requests());
            assertEquals(1, own.requests("/status"));
            own.resetStats();
            assertEquals(0, own.requests());
        }
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertEquals(404, get("/no-such-route").statusCode());
        assertFalse(server.requests("/no-such-route") == 0);
    }

    @Test
    void closedPortRefusesConnections() {
        int port = FaultServer.closedPort();
        assertTrue(port > 0);
        try (RawHttp ignored = new RawHttp(port)) {
            throw new AssertionError("connected to a closed port");
        } catch (IOException expected) {
            // connection refused
        }
    }
}
