package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies streamed to the caller: reading pauses while the caller takes nothing, and every end is heard once. */
@Timeout(120)
class StreamedBodyTest {

    /** A subscriber the test paces by hand: it hashes what it gets and records how the body ended. */
    static class Paced implements Flow.Subscriber<List<ByteBuffer>> {
        final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
        final CompletableFuture<String> done = new CompletableFuture<>();  // the SHA-256, or the error
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger subscribed = new AtomicInteger();
        final AtomicInteger signalsAfterEnd = new AtomicInteger();
        private final MessageDigest digest = sha256();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscribed.incrementAndGet();
            subscription.complete(s);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (done.isDone()) signalsAfterEnd.incrementAndGet();
            for (ByteBuffer b : items) {
                bytes.addAndGet(b.remaining());
                digest.update(b);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!done.completeExceptionally(t)) signalsAfterEnd.incrementAndGet();
        }

        @Override
        public void onComplete() {
            if (!done.complete(HexFormat.of().formatHex(digest.digest()))) signalsAfterEnd.incrementAndGet();
        }

        Flow.Subscription s() {
            return subscription.join();
        }

        ShoalException error() throws Exception {
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
            return assertInstanceOf(ShoalException.class, e.getCause());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Request streamed(String url, Flow.Subscriber<List<ByteBuffer>> s) {
        return Request.builder(url).sink(BodySink.subscriber(s)).build();
    }

    static void awaitInFlight(Shoal shoal, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shoal.inFlight() != n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, shoal.inFlight(), "requests in flight");
    }

    @Test
    void slowSubscriberStopsTheSocketSoTheServersWritesBlockAndNoReadTimeoutFires() throws Exception {
        long size = 64L << 20;
        try (BlockingBodyServer server = new BlockingBodyServer(size, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().readTimeout(Duration.ofMillis(1000)).build()) {
            Paced sub = new Paced();
            Response r = shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS);
            assertEquals(200, r.status());  // handed out at the head: no byte was asked for yet
            assertEquals(0, sub.bytes.get());
            assertEquals(1, shoal.inFlight(), "the request holds its permit until its body ends");
            sub.s().request(1);
            Thread.sleep(1200);
            long before = server.written();
            Thread.sleep(1300);  // with the pause before, more than two read timeouts with the caller not reading
            long after = server.written();
            assertEquals(before, after, "the server's writes went on while the caller read nothing");
            assertTrue(after < 24L << 20, "the server wrote " + after + " bytes ahead of a caller that took one buffer");
            assertTrue(sub.bytes.get() <= 1 << 20, "one request(1) brought " + sub.bytes.get() + " bytes");
            assertTrue(!sub.done.isDone(), "the body ended while paused: " + sub.done);
            sub.s().request(Long.MAX_VALUE);
            String got = sub.done.get(60, TimeUnit.SECONDS);
            assertNull(server.awaitEnd(10));
            assertEquals(server.sha256(), got);
            assertEquals(size, sub.bytes.get());
            awaitInFlight(shoal, 0);
            assertEquals(0, sub.signalsAfterEnd.get());
        }
    }

    @Test
    void subscriberCancelClosesTheConnectionAndTheRequestEndsAsASuccess() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(256L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().build()) {
            Paced sub = new Paced();
            CompletableFuture<Response> f = shoal.send(streamed(server.url(), sub));
            sub.s().request(2);
            Thread.sleep(200);
            sub.s().cancel();
            assertNotNull(server.awaitEnd(20), "the server went on writing to a cancelled body");
            assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
            awaitInFlight(shoal, 0);
            Thread.sleep(100);
            assertTrue(!sub.done.isDone(), "a cancelled subscriber heard an end: " + sub.done);
        }
    }

    @Test
    void aNonPositiveRequestIsTheSubscribersErrorAndClosesTheConnection() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(256L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().build()) {
            Paced sub = new Paced();
            assertEquals(200, shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS).status());
            sub.s().request(1);
            Thread.sleep(200);  // reading has paused for the caller
            sub.s().request(0);
            assertEquals(ErrorKind.CANCELLED, sub.error().kind());
            assertNotNull(server.awaitEnd(20), "the connection stayed open, paused, after the body's error");
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndItsConnectionClosed() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(256L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().build()) {
            AtomicInteger calls = new AtomicInteger();
            Paced sub = new Paced() {
                @Override
                public void onNext(List<ByteBuffer> items) {
                    if (calls.incrementAndGet() == 3) throw new IllegalStateException("the caller's bug");
                    super.onNext(items);
                }
            };
            assertEquals(200, shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS).status());
            sub.s().request(Long.MAX_VALUE);
            assertNotNull(server.awaitEnd(20), "the server went on writing to a subscriber that threw");
            awaitInFlight(shoal, 0);
            assertEquals(3, calls.get());
        }
    }

    @Test
    void connectionClosedMidBodyIsTheSubscribersError() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(1 << 20, 100_000);
             Shoal shoal = Shoal.builder().build()) {
            Paced sub = new Paced();
            assertEquals(200, shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS).status());
            sub.s().request(Long.MAX_VALUE);
            assertEquals(ErrorKind.CONNECTION_CLOSED, sub.error().kind());
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void deadlineStillEndsABodyTheCallerDoesNotRead() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(64L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().readTimeout(Duration.ofMillis(1000)).deadline(Duration.ofMillis(3000)).build()) {
            Paced sub = new Paced();
            assertEquals(200, shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS).status());
            sub.s().request(1);
            assertEquals(ErrorKind.TIMEOUT, sub.error().kind());
            assertNotNull(server.awaitEnd(10), "the connection stayed open after the deadline");
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void aRequestThatFailsBeforeAnyResponseIsTheSubscribersErrorToo() throws Exception {
        try (Shoal shoal = Shoal.builder().build()) {
            Paced sub = new Paced();
            CompletableFuture<Response> f = shoal.send(streamed("http://127.0.0.1:" + FaultServer.closedPort() + "/", sub));
            assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.CONNECT_REFUSED, sub.error().kind());
            assertEquals(1, sub.subscribed.get());
        }
    }

    @Test
    void cancellingTheFutureBeforeTheHeadIsTheSubscribersCancelledError() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            Paced sub = new Paced();
            CompletableFuture<Response> f = shoal.send(streamed(server.url("/never"), sub));
            assertNotNull(server.takeRequest(10, TimeUnit.SECONDS), "the request never reached the server");
            f.cancel(false);
            assertEquals(ErrorKind.CANCELLED, sub.error().kind());
            assertEquals(1, sub.subscribed.get());
            awaitInFlight(shoal, 0);
            assertEquals(0, sub.signalsAfterEnd.get());
        }
    }

    @Test
    void aSubscriptionUsedAfterTheClientClosedIsANoOpAndTheInputStreamThrowsOnlyIOExceptions() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(256L << 20, Long.MAX_VALUE);
             BlockingBodyServer other = new BlockingBodyServer(256L << 20, Long.MAX_VALUE)) {
            Paced sub = new Paced();
            Response streamed;
            try (Shoal shoal = Shoal.builder().build()) {
                assertEquals(200, shoal.send(streamed(server.url(), sub)).get(10, TimeUnit.SECONDS).status());
                streamed = shoal.send(Request.builder(other.url()).sink(BodySink.inputStream()).build()).get(10, TimeUnit.SECONDS);
                sub.s().request(1);
                assertEquals(1, streamed.bodyStream().read(new byte[1]));  // the stream has buffers queued, and will ask for more
            }
            assertEquals(ErrorKind.CANCELLED, sub.error().kind());
            // rules 3.6 and 3.7: after the end, request and cancel do nothing (here the client's threads are gone)
            sub.s().request(1);
            sub.s().cancel();
            InputStream in = streamed.bodyStream();
            byte[] buf = new byte[64 << 10];
            IOException e = assertThrows(IOException.class, () -> {
                while (in.read(buf) >= 0) {
                    // what was queued before the close may still be read; then the failure
                }
            });
            assertNotNull(e);
            in.close();
            assertEquals(0, sub.signalsAfterEnd.get());
        }
    }

    @Test
    void aSubscriberWhoseOnErrorThrowsAnErrorStillLetsTheCallEnd() throws Exception {
        try (Shoal shoal = Shoal.builder().deadline(Duration.ZERO).build()) {
            Paced sub = new Paced() {
                @Override
                public void onError(Throwable t) {
                    super.onError(t);
                    throw new AssertionError("the caller's own check failed");
                }
            };
            CompletableFuture<Response> f = shoal.send(streamed("http://127.0.0.1:" + FaultServer.closedPort() + "/", sub));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.CONNECT_REFUSED, assertInstanceOf(ShoalException.class, e.getCause()).kind());
            assertEquals(ErrorKind.CONNECT_REFUSED, sub.error().kind());
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void aRetriedResponseNeverReachesTheSubscriber() throws Exception {
        try (FaultServer server = FaultServer.start();
             Shoal shoal = Shoal.builder().retry(RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(10))).build()) {
            Paced sub = new Paced();
            Response r = shoal.send(streamed(server.url("/retry-after?key=st1&times=1&after=0"), sub)).get(10, TimeUnit.SECONDS);
            assertEquals(200, r.status());
            assertEquals(2, r.attempts());
            sub.s().request(Long.MAX_VALUE);
            sub.done.get(10, TimeUnit.SECONDS);
            assertEquals(1, sub.subscribed.get());
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void inputStreamReadsTheBodyOnAPlainThreadAndCloseEndsTheRequest() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(8L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().readTimeout(Duration.ofMillis(1000)).build()) {
            Response r = shoal.send(Request.builder(server.url()).sink(BodySink.inputStream()).build()).get(10, TimeUnit.SECONDS);
            MessageDigest digest = sha256();
            long total = 0;
            try (InputStream in = r.bodyStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    digest.update(buf, 0, n);
                    total += n;
                    if (total == 8192) Thread.sleep(2500);  // a pause longer than the read timeout
                }
            }
            assertEquals(8L << 20, total);
            assertEquals(server.sha256(), HexFormat.of().formatHex(digest.digest()));
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void inputStreamClosedEarlyCancelsTheBody() throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(256L << 20, Long.MAX_VALUE);
             Shoal shoal = Shoal.builder().build()) {
            Response r = shoal.send(Request.builder(server.url()).sink(BodySink.inputStream()).build()).get(10, TimeUnit.SECONDS);
            try (InputStream in = r.bodyStream()) {
                assertEquals(4096, in.readNBytes(4096).length);
            }
            assertNotNull(server.awaitEnd(20), "the server went on writing after the stream was closed");
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void http2StreamPausesWithoutAReadTimeoutAndArrivesWhole() throws Exception {
        int size = 8 << 20;
        try (Http2Server server = Http2Server.start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .readTimeout(Duration.ofMillis(1000)).build()) {
            Paced sub = new Paced();
            Response r = shoal.send(streamed(server.url("/bytes/" + size), sub)).get(10, TimeUnit.SECONDS);
            assertEquals("h2", r.protocol());
            sub.s().request(1);
            Thread.sleep(2500);
            assertTrue(!sub.done.isDone(), "ended while paused: " + sub.done);
            long before = sub.bytes.get();
            sub.s().request(1);  // one batch: what waited for the caller, a few frames, not the body's rest
            Thread.sleep(300);
            long batch = sub.bytes.get() - before;
            assertTrue(batch > 0 && batch < 1 << 20, "one request(1) after a pause brought " + batch + " bytes");
            sub.s().request(Long.MAX_VALUE);
            assertEquals(HexFormat.of().formatHex(sha256().digest(FaultServer.bytesFor(size))),
                    sub.done.get(30, TimeUnit.SECONDS));
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void http2BodiesWhoseCallersStopReadingDoNotStallTheConnectionsOtherRequests() throws Exception {
        int size = 8 << 20;
        try (Http2Server server = Http2Server.start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .readTimeout(Duration.ofSeconds(3)).build()) {
            List<Paced> paused = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {  // each may hold a stream window (1 MiB) unread: more than 16 MiB in all
                Paced sub = new Paced();
                assertEquals("h2", shoal.send(streamed(server.url("/bytes/" + size), sub)).get(10, TimeUnit.SECONDS).protocol());
                sub.s().request(1);
                paused.add(sub);
            }
            Thread.sleep(500);  // the server sends each paused stream what its window allows
            assertEquals(1, shoal.openConnections(), "the streams share one connection");
            Response other = shoal.send(Request.builder(server.url("/bytes/" + (3 << 20))).sink(BodySink.sha256()).build())
                    .get(20, TimeUnit.SECONDS);
            assertEquals(HexFormat.of().formatHex(sha256().digest(FaultServer.bytesFor(3 << 20))), other.sha256());
            for (Paced sub : paused) {
                sub.s().cancel();
            }
            awaitInFlight(shoal, 0);
        }
    }

    @Test
    void http2CancelResetsOnlyTheStream() throws Exception {
        try (Http2Server server = Http2Server.start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE).build()) {
            Paced sub = new Paced();
            shoal.send(streamed(server.url("/bytes/" + (8 << 20)), sub)).get(10, TimeUnit.SECONDS);
            sub.s().request(1);
            sub.s().cancel();
            awaitInFlight(shoal, 0);
            assertEquals(200, shoal.send(Request.get(server.url("/bytes/10"))).get(10, TimeUnit.SECONDS).status());
            assertEquals(1, server.connectionsAccepted(), "the connection went with the cancelled stream");
        }
    }
}
