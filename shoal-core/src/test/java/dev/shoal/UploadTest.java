package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.RecordedRequest;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request bodies of every kind against the testkit servers: framing, bytes, replay rules, HTTP/2. */
@Timeout(60)
class UploadTest {
    static FaultServer server;
    @TempDir
    static Path dir;

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

    static Path file(String name, int size) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, FaultServer.bytesFor(size));
        return p;
    }

    /** The next request the server recorded for {@code path}, skipping others. */
    static RecordedRequest taken(String path) throws InterruptedException {
        while (true) {
            RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
            assertNotNull(r, "no request for " + path);
            if (r.path().equals(path)) {
                return r;
            }
        }
    }

    static Outcome send(Shoal shoal, Request request) {
        return shoal.gather(List.of(request)).get(0);
    }

    /** Publishes the chunks as they are requested, and notes the most requested ahead of what was taken. */
    static final class ChunkPublisher implements Flow.Publisher<ByteBuffer> {
        final List<byte[]> chunks;
        final AtomicLong maxOutstanding = new AtomicLong();

        ChunkPublisher(List<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            AtomicInteger next = new AtomicInteger();
            AtomicLong demand = new AtomicLong();
            s.onSubscribe(new Flow.Subscription() {
                boolean emitting;

                @Override
                public synchronized void request(long n) {
                    maxOutstanding.accumulateAndGet(demand.addAndGet(n), Math::max);
                    if (emitting) return;
                    emitting = true;
                    while (demand.get() > 0 && next.get() < chunks.size()) {
                        demand.decrementAndGet();
                        s.onNext(ByteBuffer.wrap(chunks.get(next.getAndIncrement())));
                    }
                    if (next.get() == chunks.size() && next.getAndIncrement() == chunks.size()) {
                        s.onComplete();
                    }
                    emitting = false;
                }

                @Override
                public void cancel() {
                }
            });
        }
    }

    static List<byte[]> chunksOf(byte[] all, int size) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < all.length; i += size) {
            byte[] c = new byte[Math.min(size, all.length - i)];
            System.arraycopy(all, i, c, 0, c.length);
            out.add(c);
        }
        return out;
    }

    @Test
    void fileIsSentWithItsLengthOnCleartextHttp1() throws Exception {
        Path f = file("three-mib", 3 << 20);
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.builder(server.url("/echo?file")).method("PUT").body(RequestBody.ofFile(f)).build()).join();
            assertEquals(200, r.status());
            RecordedRequest got = taken("/echo");
            assertEquals(Long.toString(3 << 20), got.wireHeader("Content-Length"));
            assertNull(got.wireHeader("Transfer-Encoding"));
            assertArrayEquals(Files.readAllBytes(f), got.body());
        }
    }

    @Test
    void publisherOfUnknownLengthGoesChunkedWithoutContentLength() throws Exception {
        byte[] all = FaultServer.bytesFor(300_000);
        ChunkPublisher publisher = new ChunkPublisher(chunksOf(all, 10_000));
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.builder(server.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(publisher, -1)).build()).join();
            assertEquals(200, r.status());
            RecordedRequest got = taken("/echo");
            assertEquals("chunked", got.wireHeader("Transfer-Encoding"));
            assertNull(got.wireHeader("Content-Length"));
            assertArrayEquals(all, got.body());
            assertTrue(publisher.maxOutstanding.get() <= 3, "requested ahead: " + publisher.maxOutstanding.get());
        }
    }

    @Test
    void publisherWithAKnownLengthGoesWithContentLength() throws Exception {
        byte[] all = FaultServer.bytesFor(100_000);
        try (Shoal shoal = client()) {
            shoal.send(Request.builder(server.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new ChunkPublisher(chunksOf(all, 7000)), all.length)).build()).join();
            RecordedRequest got = taken("/echo");
            assertEquals("100000", got.wireHeader("Content-Length"));
            assertNull(got.wireHeader("Transfer-Encoding"));
            assertArrayEquals(all, got.body());
        }
    }

    @Test
    void aPublisherGivingFewerBytesThanItsLengthFailsTheRequest() {
        byte[] all = FaultServer.bytesFor(1000);
        try (Shoal shoal = client()) {
            Outcome o = send(shoal, Request.builder(server.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new ChunkPublisher(chunksOf(all, 100)), 2000)).build());
            ShoalException e = ((Outcome.Failure) o).error();
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("2000 bytes"), e.getMessage());
        }
    }

    @Test
    void aUserChunkedHeaderWithABodySendsNoContentLength() throws Exception {
        try (Shoal shoal = client()) {
            shoal.send(Request.builder(server.url("/echo")).method("POST").header("Transfer-Encoding", "chunked")
                    .body("hello").build()).join();
            RecordedRequest got = taken("/echo");
            assertEquals("chunked", got.wireHeader("Transfer-Encoding"));
            assertNull(got.wireHeader("Content-Length"));
            assertEquals("hello", got.bodyUtf8());
        }
    }

    @Test
    void inputStreamSupplierIsReadAgainForEveryAttempt() throws Exception {
        byte[] all = FaultServer.bytesFor(200_000);
        AtomicInteger opened = new AtomicInteger();
        RequestBody body = RequestBody.ofInputStream(() -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(all);
        }, -1);
        try (Shoal shoal = Shoal.builder().retry(RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(10))).build()) {
            Response r = shoal.send(Request.builder(server.url("/retry-after?key=stream&times=1&after=0"))
                    .method("PUT").body(body).build()).join();
            assertEquals(200, r.status());
            assertEquals(2, r.attempts());
            assertEquals(2, opened.get());
            assertArrayEquals(all, taken("/retry-after").body());
            assertArrayEquals(all, taken("/retry-after").body());
        }
    }

    @Test
    void aOneShotPublisherIsNotRetriedAndTheFailureSaysWhy() {
        try (Shoal shoal = Shoal.builder().retry(RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(10))).build()) {
            Outcome o = send(shoal, Request.builder(server.url("/flaky?key=oneshot&times=1")).method("PUT")
                    .body(RequestBody.ofPublisher(new ChunkPublisher(List.of(new byte[]{1, 2, 3})), 3)).build());
            ShoalException e = ((Outcome.Failure) o).error();
            assertEquals(ErrorKind.CONNECTION_CLOSED, e.kind());
            assertEquals(1, e.attempts());
            assertTrue(e.getMessage().contains("not retried: the request body is a one-shot publisher"), e.getMessage());
        }
    }

    @Test
    void a307WithAOneShotPublisherFailsClearly() {
        try (Shoal shoal = client()) {
            Outcome o = send(shoal, Request.builder(server.url("/redirect-to?status=307&url=/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new ChunkPublisher(List.of("abc".getBytes(StandardCharsets.UTF_8))), -1)).build());
            ShoalException e = ((Outcome.Failure) o).error();
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
            assertTrue(e.getMessage().contains("cannot follow the 307 redirect"), e.getMessage());
            assertTrue(e.getMessage().contains("one-shot publisher"), e.getMessage());
        }
    }

    @Test
    void a307And308ReplayAFileByteExact() throws Exception {
        Path f = file("replayed", 500_000);
        try (Shoal shoal = client()) {
            for (int status : new int[]{307, 308}) {
                Response r = shoal.send(Request.builder(server.url("/redirect-to?status=" + status + "&url=/echo")).method("POST")
                        .body(RequestBody.ofFile(f)).build()).join();
                assertEquals(200, r.status());
                assertEquals(1, r.redirects());
                assertArrayEquals(Files.readAllBytes(f), taken("/redirect-to").body());
                assertArrayEquals(Files.readAllBytes(f), taken("/echo").body());
            }
        }
    }

    @Test
    void aMissingFileFailsAsIo() {
        try (Shoal shoal = client()) {
            Outcome o = send(shoal, Request.builder(server.url("/echo")).method("PUT")
                    .body(RequestBody.ofFile(dir.resolve("absent"))).build());
            ShoalException e = ((Outcome.Failure) o).error();
            assertEquals(ErrorKind.IO, e.kind());
            assertTrue(e.getMessage().contains("absent"), e.getMessage());
        }
    }

    @Test
    void aDirectoryFailsAsIoAndSaysSo() {
        try (Shoal shoal = client()) {
            Outcome o = send(shoal, Request.builder(server.url("/echo")).method("PUT").body(RequestBody.ofFile(dir)).build());
            ShoalException e = ((Outcome.Failure) o).error();
            assertEquals(ErrorKind.IO, e.kind());
            assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        }
    }

    /** A named pipe has no size: its bytes go chunked until the writer closes it, read off the event loop. */
    @Test
    void aNamedPipeIsSentChunkedUntilItsWriterCloses() throws Exception {
        Path fifo = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        byte[] all = FaultServer.bytesFor(300_000);
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(fifo)) {  // blocks until the upload opens the pipe
                for (int i = 0; i < all.length; i += 10_000) {
                    out.write(all, i, Math.min(10_000, all.length - i));
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.builder(server.url("/echo")).method("POST").body(RequestBody.ofFile(fifo)).build()).join();
            assertEquals(200, r.status());
            RecordedRequest got = taken("/echo");
            assertEquals("chunked", got.wireHeader("Transfer-Encoding"));
            assertNull(got.wireHeader("Content-Length"));
            assertArrayEquals(all, got.body());
        } finally {
            writer.join(10_000);
        }
    }

    @Test
    void aUrlencodedFormHasItsTypeAndEncoding() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "a b&c");
        fields.put("é", "=?");
        try (Shoal shoal = client()) {
            shoal.send(Request.builder(server.url("/echo")).method("POST").body(RequestBody.form(fields)).build()).join();
            RecordedRequest got = taken("/echo");
            assertEquals("application/x-www-form-urlencoded", got.header("Content-Type"));
            assertEquals("name=a+b%26c&%C3%A9=%3D%3F", got.bodyUtf8());
        }
    }

    @Test
    void fileAndStreamsOverTlsHttp1AreReadInChunks(@TempDir Path certs) throws Exception {
        TestCertificate certificate = TestCertificate.generate(certs);
        Path f = file("tls", 2 << 20);
        try (Http2Server h = Http2Server.builder().tls(certificate).alpn("http/1.1").start();
             Shoal shoal = Shoal.builder().trustedCertificates(certificate.certificatePem())
                     .deadline(Duration.ofSeconds(20)).build()) {
            Response r = shoal.send(Request.builder(h.url("/echo")).method("PUT").body(RequestBody.ofFile(f))
                    .sink(BodySink.memory()).build()).join();
            assertEquals("http/1.1", r.protocol());
            assertArrayEquals(Files.readAllBytes(f), r.body());
        }
    }

    @Test
    void http2UploadsRespectTheFlowControlWindow(@TempDir Path certs) throws Exception {
        Path f = file("h2", 1 << 20);  // 16 times the server's initial window
        byte[] all = FaultServer.bytesFor(300_000);
        try (Http2Server h = Http2Server.start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .deadline(Duration.ofSeconds(20)).build()) {
            Response r = shoal.send(Request.builder(h.url("/echo")).method("PUT").body(RequestBody.ofFile(f))
                    .sink(BodySink.memory()).build()).join();
            assertEquals("h2", r.protocol());
            assertArrayEquals(Files.readAllBytes(f), r.body());
            assertEquals(Long.toString(1 << 20), h.lastRequestHeaders().get("content-length"));
            Response p = shoal.send(Request.builder(h.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new ChunkPublisher(chunksOf(all, 9000)), -1))
                    .sink(BodySink.memory()).build()).join();
            assertArrayEquals(all, p.body());
            assertFalse(h.lastRequestHeaders().containsKey("content-length"));
        }
    }

    /** Publishers that break the rules of Reactive Streams in their own code, each failing its request at once. */
    static List<Flow.Publisher<ByteBuffer>> brokenPublishers() {
        Flow.Publisher<ByteBuffer> throwsInSubscribe = s -> {
            throw new IllegalStateException("broken subscribe");
        };
        Flow.Publisher<ByteBuffer> throwsInRequest = s -> s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                throw new IllegalStateException("broken request");
            }

            @Override
            public void cancel() {
            }
        });
        Flow.Publisher<ByteBuffer> givesNull = s -> s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                try {
                    s.onNext(null);
                } catch (NullPointerException expected) {
                    // rule 2.13: the subscriber throws it back; the publisher has nothing more to say
                }
            }

            @Override
            public void cancel() {
            }
        });
        return List.of(throwsInSubscribe, throwsInRequest, givesNull);
    }

    @Test
    void aPublisherThatThrowsOrGivesNullFailsItsRequestAtOnceOnBothProtocols() throws Exception {
        try (Http2Server h2 = Http2Server.start()) {
            for (HttpVersionPolicy version : List.of(HttpVersionPolicy.HTTP_1_1, HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)) {
                String url = version == HttpVersionPolicy.HTTP_1_1 ? server.url("/echo") : h2.url("/echo");
                for (Flow.Publisher<ByteBuffer> p : brokenPublishers()) {
                    // no deadline and a long read timeout: a failure lost on the event loop would leave the request waiting
                    try (Shoal shoal = Shoal.builder().httpVersion(version).readTimeout(Duration.ofSeconds(60)).build()) {
                        long start = System.nanoTime();
                        Outcome o = shoal.gatherAsync(List.of(Request.builder(url).method("POST")
                                .body(RequestBody.ofPublisher(p, -1)).build())).get(10, TimeUnit.SECONDS).get(0);
                        ShoalException e = ((Outcome.Failure) o).error();
                        assertEquals(ErrorKind.IO, e.kind(), version + ": " + e.getMessage());
                        assertTrue(e.getMessage().startsWith("reading the request body failed"), e.getMessage());
                        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), version + ": slow failure");
                    }
                }
            }
        }
    }

    @Test
    void aServerThatAnswersBeforeReadingTheBodyAndClosesIsHeard() throws Exception {
        Path f = dir.resolve("too-large");
        try (var out = Files.newOutputStream(f)) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < 64; i++) out.write(mib);  // more than the sockets' buffers hold: the upload is cut
        }
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_1_1).deadline(Duration.ofSeconds(30))
                     .retry(RetryPolicy.backoff(3).withBaseDelay(Duration.ofMillis(10))).build()) {
            AtomicInteger served = new AtomicInteger();
            Thread serving = new Thread(() -> {
                while (!ss.isClosed()) {
                    try (java.net.Socket s = ss.accept()) {
                        served.incrementAndGet();
                        var in = s.getInputStream();
                        for (int matched = 0; matched < 4; ) {  // the request head, and none of its body
                            int c = in.read();
                            if (c < 0) break;
                            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
                        }
                        s.getOutputStream().write(("HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\n"
                                + "Connection: close\r\n\r\ntoo large").getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        // closed at once with the body unread: the client's next write meets a reset
                    } catch (Exception ignored) {
                        // the next connection, or the end of the test
                    }
                }
            }, "early-413");
            serving.setDaemon(true);
            serving.start();
            String url = "http://127.0.0.1:" + ss.getLocalPort() + "/upload";
            for (String method : List.of("PUT", "POST")) {
                Outcome o = send(shoal, Request.builder(url).method(method).body(RequestBody.ofFile(f)).build());
                Response r = assertInstanceOf(Outcome.Success.class, o, () -> method + ": "
                        + ((Outcome.Failure) o).error().getMessage()).response();
                assertEquals(413, r.status(), method);
                assertEquals(1, r.attempts(), method + " was sent again after the server's answer");
            }
            assertEquals(2, served.get());
        }
    }

    @Test
    void http2UploadsThroughASixteenByteWindowArriveWhole() throws Exception {
        byte[] all = FaultServer.bytesFor(40_000);
        Path f = file("tiny-window", 40_000);
        // a server that lets 16 bytes of each request body come at a time: a client that sent more would be
        // reset with FLOW_CONTROL_ERROR (a window of 1 or 2 stalls Netty's own server, curl's uploads too)
        try (Http2Server h = Http2Server.builder().initialWindowSize(16).start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(30)).build()) {
            for (RequestBody body : List.of(RequestBody.ofFile(f), RequestBody.of(all),
                    RequestBody.ofPublisher(new ChunkPublisher(chunksOf(all, 9000)), -1))) {
                Response r = shoal.send(Request.builder(h.url("/echo")).method("PUT").body(body)
                        .sink(BodySink.memory()).build()).get(30, TimeUnit.SECONDS);
                assertEquals("h2", r.protocol());
                assertArrayEquals(all, r.body(), body.toString());
            }
        }
    }

    /** Gives one chunk every {@code periodMillis}, as asked: a producer slower than the read timeout, never silent that long. */
    static final class TricklePublisher implements Flow.Publisher<ByteBuffer> {
        private final List<byte[]> chunks;
        private final long periodMillis;

        TricklePublisher(List<byte[]> chunks, long periodMillis) {
            this.chunks = chunks;
            this.periodMillis = periodMillis;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            AtomicLong demand = new AtomicLong();
            AtomicInteger next = new AtomicInteger();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demand.addAndGet(n);
                }

                @Override
                public void cancel() {
                    timer.shutdownNow();
                }
            });
            timer.scheduleAtFixedRate(() -> {
                if (next.get() == chunks.size()) {
                    s.onComplete();
                    timer.shutdown();
                } else if (demand.get() > 0) {
                    demand.decrementAndGet();
                    s.onNext(ByteBuffer.wrap(chunks.get(next.getAndIncrement())));
                }
            }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void anUploadThatKeepsGoingLongerThanTheReadTimeoutIsNoReadTimeoutOnBothProtocols() throws Exception {
        byte[] all = FaultServer.bytesFor(12 * 4096);
        try (Http2Server h = Http2Server.start();
             Shoal http1 = Shoal.builder().readTimeout(Duration.ofMillis(800)).deadline(Duration.ofSeconds(30)).build();
             Shoal http2 = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .readTimeout(Duration.ofMillis(800)).deadline(Duration.ofSeconds(30)).build()) {
            // 12 chunks, one every 250 ms: 3 s of upload, with a chunk at least every 250 ms; the server answers at the end
            Response r1 = http1.send(Request.builder(server.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new TricklePublisher(chunksOf(all, 4096), 250), -1)).build())
                    .get(30, TimeUnit.SECONDS);
            assertEquals(200, r1.status());
            assertArrayEquals(all, taken("/echo").body());
            Response r2 = http2.send(Request.builder(h.url("/echo")).method("POST")
                    .body(RequestBody.ofPublisher(new TricklePublisher(chunksOf(all, 4096), 250), -1))
                    .sink(BodySink.memory()).build()).get(30, TimeUnit.SECONDS);
            assertArrayEquals(all, r2.body());
        }
    }

    @Test
    void anUploadTheServerStopsTakingStillEndsAtTheReadTimeout() throws Exception {
        // a server that reads the head and then nothing: the upload stalls once the socket's buffers are full
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             Shoal shoal = Shoal.builder().readTimeout(Duration.ofMillis(800)).deadline(Duration.ZERO).build()) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = listener.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    Thread.sleep(20_000);
                } catch (Exception ignored) {
                    // the test ends
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            byte[] big = new byte[64 << 20];
            Outcome o = shoal.sendForOutcome(Request.builder("http://127.0.0.1:" + listener.getLocalPort() + "/up")
                    .method("PUT").body(RequestBody.ofInputStream(() -> new java.io.ByteArrayInputStream(big), big.length))
                    .build()).get(15, TimeUnit.SECONDS);
            assertEquals(ErrorKind.READ_TIMEOUT, assertInstanceOf(Outcome.Failure.class, o).kind());
            acceptor.interrupt();
        }
    }
}
