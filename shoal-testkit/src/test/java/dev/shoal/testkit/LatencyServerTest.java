package dev.shoal.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LatencyServerTest {
    private static LatencyServer server;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        server = LatencyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void delayRouteAnswersAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = get("/delay/200");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode());
        assertTrue(tookMillis >= 190, "took " + tookMillis + " ms");
        assertEquals(LatencyHandler.DEFAULT_BODY_BYTES, response.body().length);
    }

    @Test
    void bytesParameterSetsTheBodySize() throws Exception {
        HttpResponse<byte[]> response = get("/delay/0?bytes=100000");
        assertEquals(100_000, response.body().length);
        assertEquals("100000", response.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void otherPathsAnswerAtOnce() throws Exception {
        HttpResponse<byte[]> response = get("/");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().length > 0);
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/delay/0?bytes=500"))).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
    }

    @Test
    void delayedRequestsRunConcurrentlyWithoutThreadsWaiting() throws Exception {
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/delay/300"))).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<HttpResponse<Void>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 2000, "50 delayed calls took " + tookMillis + " ms");
    }

    @Test
    void keepAliveConnectionsAreReusedAndPipelinedAnswersStayInOrder() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET", "/delay/150?bytes=3").send("GET", "/delay/0?bytes=5");
            String both = raw.readUntilSilent(500);
            int first = both.indexOf("Content-Length: 3");
            int second = both.indexOf("Content-Length: 5");
            assertTrue(first >= 0 && second > first, both);
        }
    }

    @Test
    void connectionCloseRequestIsAnsweredThenClosed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET", "/", "Connection: close");
            String answer = raw.readToEnd();
            assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.contains("Connection: close"), answer);
        }
    }
}
