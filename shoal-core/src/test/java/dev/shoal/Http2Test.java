package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.ParanoidLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cleartext HTTP/2 with prior knowledge: multiplexing, the server's stream limit, GOAWAY, resets, timeouts. */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class Http2Test {

    static Shoal.Builder h2c() {
        return Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20));
    }

    static List<Request> requests(Http2Server server, String path, int n) {
        List<Request> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(Request.get(server.url(path)));
        }
        return list;
    }

    static List<Response> successes(List<Outcome> outcomes) {
        List<Response> responses = new ArrayList<>();
        for (Outcome o : outcomes) {
            assertInstanceOf(Outcome.Success.class, o, o::toString);
            responses.add(((Outcome.Success) o).response());
        }
        return responses;
    }

    static ErrorKind kindOf(Shoal shoal, String url) {
        Outcome o = shoal.gather(List.of(Request.get(url))).get(0);
        assertInstanceOf(Outcome.Failure.class, o, () -> url + " should fail but got " + o);
        return ((Outcome.Failure) o).kind();
    }

    @Test
    void manyRequestsAreMultiplexedOnOneConnection() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            List<Response> responses = successes(shoal.gather(requests(server, "/delay/100", 100)));
            for (Response r : responses) {
                assertEquals(200, r.status());
                assertEquals("h2", r.protocol());
            }
            assertEquals(1, server.connectionsAccepted());
            assertTrue(server.maxConcurrentStreamsSeen() >= 50, "streams at once: " + server.maxConcurrentStreamsSeen());
            assertEquals(100, server.h2Requests());
        }
    }

    @Test
    void bodiesAreByteExactIncludingGzip() throws Exception {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            byte[] expected = FaultServer.bytesFor(1 << 20);
            Response plain = shoal.send(Request.builder(server.url("/bytes/" + (1 << 20))).sink(BodySink.memory()).build()).join();
            assertArrayEquals(expected, plain.body());
            Response gzip = shoal.send(Request.builder(server.url("/gzip/" + (1 << 20)))
                    .sink(BodySink.memory().and(BodySink.sha256())).build()).join();
            assertArrayEquals(expected, gzip.body());
            assertEquals(1 << 20, gzip.bytes());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)), gzip.sha256());
            assertEquals("gzip", gzip.headers().get("content-encoding"));
        }
    }

    @Test
    void requestBodyAndHeadersGoOutAsHttp2() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            byte[] payload = "payload \u00e9 ".repeat(20000).getBytes(StandardCharsets.UTF_8);  // beyond one DATA frame
            Response r = shoal.send(Request.builder(server.url("/echo")).method("PUT").header("X-Test", "yes")
                    .header("Connection", "keep-alive").body(payload).sink(BodySink.memory()).build()).join();
            assertArrayEquals(payload, r.body());
            assertEquals("PUT", r.headers().get("x-echo-method"));
            Map<String, String> seen = server.lastRequestHeaders();
            assertEquals("127.0.0.1:" + server.port(), seen.get(":authority"));
            assertEquals("http", seen.get(":scheme"));
            assertEquals("yes", seen.get("x-test"));
            assertEquals(String.valueOf(payload.length), seen.get("content-length"));
            assertTrue(seen.containsKey("user-agent"));
            assertFalse(seen.containsKey("connection"), "connection-specific headers are not sent in HTTP/2");
            assertFalse(seen.containsKey("host"));
        }
    }

    @Test
    void headAnswersWithoutABody() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            Response r = shoal.send(Request.builder(server.url("/bytes/500")).method("HEAD").build()).join();
            assertEquals(200, r.status());
            assertEquals(0, r.bytes());
            assertEquals("500", r.headers().get("content-length"));
        }
    }

    @Test
    void theServersStreamLimitIsNeverExceeded() {
        try (Http2Server server = Http2Server.builder().maxConcurrentStreams(5).start(); Shoal shoal = h2c().build()) {
            List<Response> responses = successes(shoal.gather(requests(server, "/delay/50", 50)));
            assertEquals(50, responses.size());
            assertEquals(5, server.maxConcurrentStreamsSeen());
            assertEquals(0, server.refusedStreams(), "the client never went past the limit");
            int connections = server.connectionsAccepted();
            assertTrue(connections >= 2 && connections <= 10, "connections: " + connections);
        }
    }

    @Test
    void goAwayMidRunLosesNoRequest() {
        try (Http2Server server = Http2Server.builder().goAwayAfter(10).start(); Shoal shoal = h2c().build()) {
            List<Response> responses = successes(shoal.gather(requests(server, "/delay/20", 60)));
            for (Response r : responses) {
                assertEquals(200, r.status());
                assertEquals(1, r.attempts(), "a replay of an unprocessed stream is not a retry");
            }
            assertEquals(60, server.h2Requests(), "each request processed exactly once");
            assertTrue(server.connectionsAccepted() >= 6, "connections: " + server.connectionsAccepted());
        }
    }

    @Test
    void aRefusedStreamGoesAgain() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            Response r = shoal.send(Request.builder(server.url("/refuse-once/a")).method("POST").body("x").build()).join();
            assertEquals(200, r.status());
        }
    }

    @Test
    void streamResetIsConnectionClosedOrProtocol() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().build()) {
            assertEquals(ErrorKind.CONNECTION_CLOSED, kindOf(shoal, server.url("/reset/2")));  // INTERNAL_ERROR
            assertEquals(ErrorKind.CONNECTION_CLOSED, kindOf(shoal, server.url("/reset/8")));  // CANCEL
            assertEquals(ErrorKind.PROTOCOL, kindOf(shoal, server.url("/reset/1")));  // PROTOCOL_ERROR
            assertEquals(200, shoal.send(Request.get(server.url("/bytes/10"))).join().status());
            assertEquals(1, server.connectionsAccepted(), "a stream reset leaves the connection in use");
        }
    }

    @Test
    void aDeadlineResetsItsStreamNotTheConnection() {
        try (Http2Server server = Http2Server.start();
             Shoal shoal = h2c().deadline(Duration.ofMillis(1000)).build()) {  // room for PARANOID leak tracking
            CompletableFuture<Outcome> slow = shoal.gatherAsync(List.of(Request.get(server.url("/delay/3000"))))
                    .thenApply(list -> list.get(0));
            successes(shoal.gather(requests(server, "/bytes/100", 10)));
            assertEquals(ErrorKind.TIMEOUT, ((Outcome.Failure) slow.join()).kind());
            successes(shoal.gather(requests(server, "/bytes/100", 10)));
            assertEquals(1, server.connectionsAccepted());
        }
    }

    @Test
    void aSilentStreamIsAReadTimeout() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().readTimeout(Duration.ofMillis(300)).build()) {
            assertEquals(ErrorKind.READ_TIMEOUT, kindOf(shoal, server.url("/delay/3000")));
        }
    }

    @Test
    void theBodyLimitCountsDecodedBytes() {
        try (Http2Server server = Http2Server.start(); Shoal shoal = h2c().maxBodyBytes(100_000).build()) {
            assertEquals(ErrorKind.BODY_TOO_LARGE, kindOf(shoal, server.url("/gzip/200000")));
            assertEquals(100_000, shoal.send(Request.get(server.url("/gzip/100000"))).join().bytes());
        }
    }

    @Test
    void anIdleConnectionIsEvicted() throws Exception {
        try (Http2Server server = Http2Server.start();
             Shoal shoal = h2c().idleTimeout(Duration.ofMillis(200)).build()) {
            shoal.send(Request.get(server.url("/bytes/10"))).join();
            assertEquals(1, server.openConnections());
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.openConnections() > 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, server.openConnections());
        }
    }

    @Test
    void priorKnowledgeAgainstAnHttp11ServerIsAProtocolError() {
        try (FaultServer server = FaultServer.start(); Shoal shoal = h2c().build()) {
            assertEquals(ErrorKind.PROTOCOL, kindOf(shoal, server.url("/bytes/10")));
        }
    }
}
