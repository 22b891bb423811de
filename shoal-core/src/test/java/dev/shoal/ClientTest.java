package dev.shoal;

import dev.shoal.internal.base.Outcomes;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the testkit servers: bodies, redirects, bounds, timeouts, retries, gather. */
@Timeout(60)
class ClientTest {
    static FaultServer server;

    @BeforeAll
    static void start() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Shoal client() {
        return Shoal.builder().readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build();
    }

    @Test
    void getKeepsBodyInMemoryAndReportsTheExchange() {
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.builder(server.url("/bytes/1000")).sink(BodySink.memory()).build()).join();
            assertEquals(200, r.status());
            assertArrayEquals(FaultServer.bytesFor(1000), r.body());
            assertEquals(1000, r.bytes());
            assertEquals("http/1.1", r.protocol());
            assertEquals(1, r.attempts());
            assertEquals(0, r.redirects());
            assertTrue(r.startedAtMillis() > 0 && r.elapsedNanos() > 0);
        }
    }

    @Test
    void gzipAndDeflateBodiesAreDecodedByteExact() {
        try (Shoal shoal = client()) {
            for (String enc : List.of("gzip", "deflate", "chunked")) {
                Response r = shoal.send(Request.builder(server.url("/" + enc + "/70000")).sink(BodySink.memory()).build()).join();
                assertArrayEquals(FaultServer.bytesFor(70000), r.body(), enc);
            }
        }
    }

    @Test
    void sha256AndFileSinksStreamTheBody(@TempDir Path dir) throws Exception {
        try (Shoal shoal = client()) {
            Path file = dir.resolve("sub/body.bin");
            Response r = shoal.send(Request.builder(server.url("/gzip/200000"))
                    .sink(BodySink.sha256().and(BodySink.file(file))).build()).join();
            byte[] expected = FaultServer.bytesFor(200000);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)), r.sha256());
            assertArrayEquals(expected, Files.readAllBytes(file));
            assertEquals(file, r.bodyPath());
            assertNull(r.body());
            assertFalse(Files.exists(dir.resolve("sub/body.bin.part")));
        }
    }

    @Test
    void redirectsAreFollowedAndCounted() {
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.get(server.url("/redirect/3"))).join();
            assertEquals(200, r.status());
            assertEquals(3, r.redirects());
            assertEquals(1, r.attempts(), "redirect hops are not attempts");
            assertEquals(server.url("/redirect/0"), r.finalUrl());
        }
    }

    @Test
    void see303TurnsPostIntoGetAnd307KeepsIt() {
        try (Shoal shoal = client()) {
            String echo = server.url("/echo");
            Response r303 = shoal.send(Request.builder(server.url("/redirect-to?status=303&url=" + echo))
                    .method("POST").body("hello").sink(BodySink.memory()).build()).join();
            assertTrue(r303.bodyString().contains("\"method\":\"GET\""), r303.bodyString());
            Response r307 = shoal.send(Request.builder(server.url("/redirect-to?status=307&url=" + echo))
                    .method("POST").body("hello").sink(BodySink.memory()).build()).join();
            assertTrue(r307.bodyString().contains("\"method\":\"POST\""), r307.bodyString());
            assertTrue(r307.bodyString().contains("hello"), r307.bodyString());
        }
    }

    @Test
    void redirectsCanBeLeftUnfollowed() {
        try (Shoal shoal = Shoal.builder().followRedirects(false).build()) {
            Response r = shoal.send(Request.get(server.url("/redirect/2"))).join();
            assertEquals(302, r.status());
            assertEquals(0, r.redirects());
        }
    }

    @Test
    void perHostBoundHoldsAtTheServer() {
        try (LatencyServer latency = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(64).maxPerHost(4).build()) {
            List<Request> batch = IntStream.range(0, 40).mapToObj(i -> Request.get(latency.url("/delay/30"))).toList();
            List<Outcome> outcomes = shoal.gather(batch);
            assertTrue(outcomes.stream().allMatch(Outcome::isSuccess));
            assertEquals(4, latency.maxOpenConnections(), "connections open at once at the server");
        }
    }

    @Test
    void globalBoundHoldsAcrossHosts() {
        try (LatencyServer a = LatencyServer.start(); LatencyServer b = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(6).maxPerHost(6).build()) {
            List<Request> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(Request.get(a.url("/delay/30")));
                batch.add(Request.get(b.url("/delay/30")));
            }
            long t0 = System.nanoTime();
            assertTrue(shoal.gather(batch).stream().allMatch(Outcome::isSuccess));
            assertTrue(a.maxOpenConnections() + b.maxOpenConnections() <= 12);
            // 60 requests of 30 ms, 6 at a time: at least 10 waves
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(290));
        }
    }

    @Test
    void concurrencyMakesLatencyOverlap() {
        try (LatencyServer latency = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(100).maxPerHost(100).build()) {
            List<Request> batch = IntStream.range(0, 100).mapToObj(i -> Request.get(latency.url("/delay/200"))).toList();
            long t0 = System.nanoTime();
            assertTrue(shoal.gather(batch).stream().allMatch(Outcome::isSuccess));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s < 2.0, "100 requests of 200 ms at once took " + s + " s");
        }
    }

    @Test
    void gatherGivesOneOutcomePerRequestInOrder() {
        try (Shoal shoal = client()) {
            List<Request> batch = List.of(Request.get(server.url("/status/200")), Request.get("bogus"),
                    Request.get("http://127.0.0.1:" + FaultServer.closedPort() + "/"), Request.get(server.url("/status/503")));
            List<Outcome> outcomes = shoal.gather(batch);
            assertEquals(4, outcomes.size());
            for (int i = 0; i < 4; i++) {
                assertTrue(outcomes.get(i).request() == batch.get(i));
            }
            assertEquals(ErrorKind.INVALID_URL, ((Outcome.Failure) outcomes.get(1)).kind());
            assertEquals(ErrorKind.CONNECT_REFUSED, ((Outcome.Failure) outcomes.get(2)).kind());
            assertEquals(503, ((Outcome.Success) outcomes.get(3)).response().status());
        }
    }

    @Test
    @Timeout(30)
    void aNullRequestIsRefusedAtOnceAndAGatherWithOneStillEnds() throws Exception {
        try (Shoal shoal = client()) {
            assertThrows(NullPointerException.class, () -> shoal.send(null));
            List<Request> batch = new ArrayList<>();
            batch.add(Request.get(server.url("/status/200")));
            batch.add(null);
            batch.add(Request.get(server.url("/status/204")));
            List<Outcome> outcomes = shoal.gatherAsync(batch).get(10, TimeUnit.SECONDS);
            assertEquals(3, outcomes.size());
            assertTrue(outcomes.get(0).isSuccess());
            assertInstanceOf(Outcome.Failure.class, outcomes.get(1));
            assertEquals(204, ((Outcome.Success) outcomes.get(2)).response().status());
            assertEquals(0, shoal.inFlight());
        }  // close() too ends without an exception
    }

    @Test
    @Timeout(30)
    void aListThatFailsWhenReadFailsTheGatherAtOnceNotOnAnIoThreadWhereItWouldNeverEnd() throws Exception {
        try (Shoal shoal = Shoal.builder().maxInFlight(1).build()) {
            List<Request> broken = new java.util.AbstractList<>() {  // a lazily mapped list whose mapping fails
                @Override
                public Request get(int i) {
                    if (i == 2) {
                        throw new IllegalStateException("cannot make request 2");
                    }
                    return Request.get(server.url("/delay?ms=50"));
                }

                @Override
                public int size() {
                    return 3;
                }
            };
            assertThrows(IllegalStateException.class, () -> shoal.gatherAsync(broken).get(10, TimeUnit.SECONDS));
            assertEquals(0, shoal.inFlight(), "requests went out for a gather that failed");
        }
    }

    @Test
    void stalePooledConnectionIsReplacedWithoutAnError() {
        try (Shoal shoal = Shoal.builder().maxPerHost(1).build()) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, shoal.send(Request.get(server.url("/stale-on-reuse"))).join().status(), "request " + i);
            }
        }
    }

    /**
     * A server that closes every connection after its response without saying so: a request sent on the pooled
     * connection races the close, and its replay, waiting for the host's bound, is given another pooled
     * connection that may be just as stale; it goes again instead of failing.
     */
    @Test
    void aReplayGivenAnotherStaleConnectionGoesAgain() {
        try (Shoal shoal = Shoal.builder().maxInFlight(64).build()) {
            List<Request> batch = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                batch.add(Request.get(server.url("/close-silently?i=" + i)));
            }
            List<Outcome> outcomes = shoal.gather(batch);
            for (Outcome o : outcomes) {
                assertInstanceOf(Outcome.Success.class, o, () -> o.request().url() + ": " + o);
            }
        }
    }

    @Test
    void retryAfterIsHonouredUntilSuccess() {
        try (Shoal shoal = Shoal.builder().retry(RetryPolicy.backoff(3)).build()) {
            long t0 = System.nanoTime();
            Response r = shoal.send(Request.get(server.url("/retry-after?key=ra1&times=2&after=1"))).join();
            double s = (System.nanoTime() - t0) / 1e9;
            assertEquals(200, r.status());
            assertEquals(3, r.attempts());
            assertTrue(s >= 1.9 && s < 4, "two waits of 1 s took " + s);
            assertTrue(r.elapsedNanos() >= 1_900_000_000L);
        }
    }

    @Test
    void resetsAreRetriedForIdempotentRequestsOnly() {
        try (Shoal shoal = Shoal.builder().retry(RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(20))).build()) {
            Response r = shoal.send(Request.get(server.url("/flaky?key=f1&times=2"))).join();
            assertEquals(3, r.attempts());
            CompletionException e = assertThrows(CompletionException.class,
                    () -> shoal.send(Request.builder(server.url("/flaky?key=f2&times=2")).method("POST").body("x").build()).join());
            ShoalException se = (ShoalException) e.getCause();
            assertEquals(ErrorKind.CONNECTION_CLOSED, se.kind());
            assertEquals(1, se.attempts());
        }
    }

    @Test
    void ratePerHostSpacesRequests() {
        try (Shoal shoal = Shoal.builder().ratePerHost(20).build()) {
            List<Request> batch = IntStream.range(0, 21).mapToObj(i -> Request.get(server.url("/status/200"))).toList();
            long t0 = System.nanoTime();
            assertTrue(shoal.gather(batch).stream().allMatch(Outcome::isSuccess));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s >= 0.95 && s < 2.5, "21 requests at 20/s took " + s + " s");
        }
    }

    @Test
    void connectTimeoutFiresWhenTheHandshakeNeverCompletes() throws Exception {
        // a listener whose accept queue is full drops further SYNs: the connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                    fillers.add(s);
                } catch (java.io.IOException queueFull) {
                    s.close();
                    break;
                }
            }
            try (Shoal shoal = Shoal.builder().connectTimeout(Duration.ofMillis(500)).build()) {
                Outcome o = shoal.gather(List.of(Request.get("http://127.0.0.1:" + full.getLocalPort() + "/"))).get(0);
                assertEquals(ErrorKind.CONNECT_TIMEOUT, ((Outcome.Failure) o).kind());
            } finally {
                for (Socket s : fillers) s.close();
            }
        }
    }

    @Test
    void cancellingTheFutureCancelsTheRequest() throws Exception {
        // timeouts far beyond the waits below: only the cancel can end the request and close its connection
        try (Shoal shoal = Shoal.builder().readTimeout(Duration.ofSeconds(60)).deadline(Duration.ofSeconds(60)).build()) {
            awaitTrue(() -> server.openConnections() == 0, "connections of earlier tests to close");
            long asked = server.requests("/never");
            CompletableFuture<Response> f = shoal.send(Request.get(server.url("/never")));
            awaitTrue(() -> server.requests("/never") > asked && server.openConnections() == 1, "the request to reach the server");
            f.cancel(true);
            // the server sees its connection closed while the client stays open: the request is really gone
            awaitTrue(() -> server.openConnections() == 0, "the cancelled request's connection to close");
            Outcome o = Outcomes.of(null, null, assertThrows(Exception.class, f::join));
            assertEquals(ErrorKind.CANCELLED, ((Outcome.Failure) o).kind());
            awaitTrue(() -> shoal.inFlight() == 0, "the permit to come back");
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 5 s for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void closingTheClientEndsWhatIsInFlight() {
        Shoal shoal = client();
        CompletableFuture<Response> f = shoal.send(Request.get(server.url("/never")));
        shoal.close();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertEquals(ErrorKind.CANCELLED, ((ShoalException) e.getCause()).kind());
    }

    @Test
    void requestHeadersAndBodyReachTheServer() {
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.builder(server.url("/echo")).method("PUT").header("X-Test", "yes")
                    .body("payload \u00e9").sink(BodySink.memory()).build()).join();
            String echo = r.bodyString();
            assertTrue(echo.contains("\"method\":\"PUT\""), echo);
            assertTrue(echo.contains("yes"), echo);
            assertTrue(echo.contains("payload \u00e9"), echo);
            assertEquals("payload \u00e9".getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(
                    r.bodyString().replaceAll("(?s).*\"content-length\":\\[\"(\\d+)\"].*", "$1")));
        }
    }

    @Test
    void headAnd204HaveNoBody() {
        try (Shoal shoal = client()) {
            Response head = shoal.send(Request.builder(server.url("/bytes/500")).method("HEAD").build()).join();
            assertEquals(200, head.status());
            assertEquals(0, head.bytes());
            Response noContent = shoal.send(Request.get(server.url("/status/204"))).join();
            assertEquals(204, noContent.status());
            assertEquals(0, noContent.bytes());
            // the connection is still in step afterwards
            assertEquals(500, shoal.send(Request.get(server.url("/bytes/500"))).join().bytes());
        }
    }
}
