package dev.shoal;

import dev.shoal.internal.body.FileResume;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BodySink.resumableFile: the rules of continuing a partial file, and a server that ignores Range. */
@Timeout(60)
class ResumableFileTest {
    @TempDir
    Path dir;

    @Test
    void validatorIsAStrongEtagElseLastModifiedAndNoneForAnEncodedBody() {
        assertEquals("\"abc\"", FileResume.validator(Headers.of("ETag", "\"abc\"", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")));
        assertEquals("Mon, 01 Jan 2024 00:00:00 GMT",
                FileResume.validator(Headers.of("ETag", "W/\"abc\"", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")));
        assertNull(FileResume.validator(Headers.of("ETag", "\"abc\"", "Content-Encoding", "gzip")));
        assertNull(FileResume.validator(Headers.of("Content-Type", "text/plain")));
    }

    @Test
    void only206FromTheFilesEndKeepsThePartialFile() {
        FileResume.Point asked = new FileResume.Point(1000, "\"abc\"");
        assertEquals(1000, FileResume.keep(asked, 206, Headers.of("Content-Range", "bytes 1000-4999/5000")));
        assertEquals(0, FileResume.keep(asked, 200, Headers.of("ETag", "\"new\"")));
        assertEquals(0, FileResume.keep(null, 206, Headers.of("Content-Range", "bytes 0-9/10")));
        ShoalException e = assertThrows(ShoalException.class,
                () -> FileResume.keep(asked, 206, Headers.of("Content-Range", "bytes 0-4999/5000")));
        assertEquals(ErrorKind.PROTOCOL, e.kind());
        assertEquals(1000, FileResume.keep(asked, 206, Headers.of("Content-Range", "bytes 1000-4999/*")));
    }

    @Test
    void a206ThatStopsShortOfTheBodysEndIsNotTheRest() {
        FileResume.Point asked = new FileResume.Point(1000, "\"abc\"");
        ShoalException e = assertThrows(ShoalException.class,
                () -> FileResume.keep(asked, 206, Headers.of("Content-Range", "bytes 1000-1999/5000")));
        assertEquals(ErrorKind.PROTOCOL, e.kind());
    }

    @Test
    void a206OfAnotherBodyThanTheValidatorNamedIsNotTheRest() {
        FileResume.Point etag = new FileResume.Point(1000, "\"v1\"");
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class, () -> FileResume.keep(etag, 206,
                Headers.of("Content-Range", "bytes 1000-4999/5000", "ETag", "\"v2\""))).kind());
        assertEquals(1000, FileResume.keep(etag, 206, Headers.of("Content-Range", "bytes 1000-4999/5000", "ETag", "\"v1\"")));
        FileResume.Point date = new FileResume.Point(1000, "Mon, 01 Jan 2024 00:00:00 GMT");
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class, () -> FileResume.keep(date, 206,
                Headers.of("Content-Range", "bytes 1000-4999/5000", "Last-Modified", "Tue, 02 Jan 2024 00:00:00 GMT"))).kind());
        assertEquals(1000, FileResume.keep(date, 206, Headers.of("Content-Range", "bytes 1000-4999/5000",
                "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")));
    }

    @Test
    void aPartialFileIsContinuedOnlyForTheSameUrl() throws Exception {
        Path target = dir.resolve("0");
        Files.write(FileResume.part(target), new byte[123]);
        FileResume.remember(target, "http://a/x", "\"v1\"");
        assertEquals(new FileResume.Point(123, "\"v1\""), FileResume.probe(target, "http://a/x"));
        assertNull(FileResume.probe(target, "http://a/y"));
        assertFalse(Files.readString(FileResume.sidecar(target)).contains("http://a/x"), "the URL (maybe with credentials) is on disk");
        FileResume.remember(target, "http://a/x", null);
        assertNull(FileResume.probe(target, "http://a/x"));
    }

    @Test
    void aServerThatIgnoresRangeSendsTheWholeBodyAndTheFileStartsOver() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            String url = server.url("/bytes/100000");
            Path target = dir.resolve("0");
            Files.write(FileResume.part(target), new byte[40_000]);  // not the server's bytes: must not survive
            FileResume.remember(target, url, "\"v1\"");

            Response r = shoal.send(Request.builder(url).sink(BodySink.resumableFile(target).and(BodySink.sha256())).build())
                    .get(10, TimeUnit.SECONDS);
            RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
            assertEquals("bytes=40000-", sent.header("Range"));
            assertEquals("\"v1\"", sent.header("If-Range"));
            assertEquals("identity", sent.header("Accept-Encoding"));
            assertEquals(200, r.status());
            assertArrayEquals(FaultServer.bytesFor(100_000), Files.readAllBytes(target));
            assertFalse(Files.exists(FileResume.part(target)));
            assertFalse(Files.exists(FileResume.sidecar(target)));
        }
    }

    /** A server that honours Range and If-Range for FaultServer.bytesFor(n), with ETag "v1". */
    private static void servePartOf(FaultServer server, String path, int n) {
        byte[] whole = FaultServer.bytesFor(n);
        server.route(path, (request, reply) -> {
            String range = request.header("Range");
            reply.header("ETag", "\"v1\"");
            if (range == null || !"\"v1\"".equals(request.header("If-Range"))) {
                reply.status(200).body(whole);
                return;
            }
            int from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            reply.status(206).header("Content-Range", "bytes " + from + "-" + (n - 1) + "/" + n)
                    .body(java.util.Arrays.copyOfRange(whole, from, n));
        });
    }

    @Test
    void aResumedFilesHashCoversTheKeptBytesToo() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            servePartOf(server, "/resumable", 100_000);
            String url = server.url("/resumable");
            Path target = dir.resolve("0");
            byte[] whole = FaultServer.bytesFor(100_000);
            Files.write(FileResume.part(target), java.util.Arrays.copyOf(whole, 40_000));
            FileResume.remember(target, url, "\"v1\"");

            Response r = shoal.send(Request.builder(url).sink(BodySink.resumableFile(target).and(BodySink.sha256())).build())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(206, r.status());
            assertArrayEquals(whole, Files.readAllBytes(target));
            assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(whole)),
                    r.sha256());
        }
    }

    @Test
    void anErrorToTheRangeRequestLeavesThePartialFileForALaterAttempt() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            server.route("/busy", (request, reply) -> reply.status(503).body("busy"));
            String url = server.url("/busy");
            Path target = dir.resolve("0");
            byte[] kept = java.util.Arrays.copyOf(FaultServer.bytesFor(100_000), 40_000);
            Files.write(FileResume.part(target), kept);
            FileResume.remember(target, url, "\"v1\"");

            Response r = shoal.send(Request.builder(url).sink(BodySink.resumableFile(target)).build()).get(10, TimeUnit.SECONDS);
            assertEquals(503, r.status());
            assertNull(r.bodyPath(), "the 503's body is not the file's");
            assertTrue(Files.notExists(target));
            assertArrayEquals(kept, Files.readAllBytes(FileResume.part(target)));
            assertEquals(new FileResume.Point(40_000, "\"v1\""), FileResume.probe(target, url));
        }
    }

    @Test
    void a206OfAnotherBodyFailsAndTheNextAttemptStartsOver() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            byte[] other = FaultServer.bytesFor(100_001);
            server.route("/liar", (request, reply) -> reply.status(206).header("ETag", "\"v2\"")
                    .header("Content-Range", "bytes 40000-99999/100000").body(java.util.Arrays.copyOfRange(other, 40_001, 100_001)));
            String url = server.url("/liar");
            Path target = dir.resolve("0");
            Files.write(FileResume.part(target), java.util.Arrays.copyOf(FaultServer.bytesFor(100_000), 40_000));
            FileResume.remember(target, url, "\"v1\"");

            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> shoal.send(Request.builder(url)
                    .sink(BodySink.resumableFile(target)).build()).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.PROTOCOL, ((ShoalException) e.getCause()).kind());
            assertTrue(Files.notExists(target), "a file mixing two bodies");
            assertNull(FileResume.probe(target, url), "the next attempt would ask for the same lie");
        }
    }

    @Test
    void aBodyCutShortStaysForALaterResumeOnlyWithAValidator() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            Path target = dir.resolve("1");
            assertThrows(Exception.class, () -> shoal.send(Request.builder(server.url("/close-mid-body"))
                    .sink(BodySink.resumableFile(target)).build()).get(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(FileResume.part(target)), "a partial file without a validator cannot be continued");
            assertTrue(Files.notExists(target));
        }
    }

    @Test
    void aCloseDelimited206CutShortIsNotACompleteFileAndStaysToBeContinued() throws Exception {
        byte[] whole = FaultServer.bytesFor(100_000);
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Shoal shoal = Shoal.builder().build()) {
            Thread serving = new Thread(() -> {
                try (java.net.Socket s = server.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            java.nio.charset.StandardCharsets.US_ASCII));
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        // the request head
                    }
                    var out = s.getOutputStream();
                    // no Content-Length, not chunked: the body ends where the connection does, here too early
                    out.write(("HTTP/1.1 206 Partial Content\r\nETag: \"v1\"\r\nConnection: close\r\n"
                            + "Content-Range: bytes 40000-99999/100000\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(whole, 40_000, 30_000);
                    out.flush();
                } catch (java.io.IOException ignored) {
                    // the test's assertions tell
                }
            }, "short-206");
            serving.setDaemon(true);
            serving.start();
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/short";
            Path target = dir.resolve("short");
            Files.write(FileResume.part(target), java.util.Arrays.copyOf(whole, 40_000));
            FileResume.remember(target, url, "\"v1\"");

            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> shoal.send(Request.builder(url)
                    .sink(BodySink.resumableFile(target)).build()).get(10, TimeUnit.SECONDS));
            assertEquals(ErrorKind.CONNECTION_CLOSED, ((ShoalException) e.getCause()).kind(), e.getCause().getMessage());
            assertTrue(Files.notExists(target), "a file that looks complete but lacks its last 30000 bytes");
            assertArrayEquals(java.util.Arrays.copyOf(whole, 70_000), Files.readAllBytes(FileResume.part(target)));
            assertEquals(new FileResume.Point(70_000, "\"v1\""), FileResume.probe(target, url));
        }
    }

    @Test
    void a416ToAPartialFileThatIsAlreadyWholeFinishesItByteExact() throws Exception {
        try (FaultServer server = FaultServer.start(); Shoal shoal = Shoal.builder().build()) {
            byte[] whole = FaultServer.bytesFor(100_000);
            server.route("/whole", (request, reply) -> {
                reply.header("ETag", "\"v1\"");
                if (request.header("Range") == null) {
                    reply.status(200).body(whole);
                } else {  // a range from the body's end: nothing left to send
                    reply.status(416).header("Content-Range", "bytes */100000").body("range not satisfiable");
                }
            });
            String url = server.url("/whole");
            Path target = dir.resolve("whole");
            // killed after its last byte was written and before it was renamed into place
            Files.write(FileResume.part(target), whole);
            FileResume.remember(target, url, "\"v1\"");

            Response r = shoal.send(Request.builder(url).sink(BodySink.resumableFile(target).and(BodySink.sha256())).build())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(416, r.status());
            assertEquals(target, r.bodyPath());
            assertArrayEquals(whole, Files.readAllBytes(target), "the 416's page replaced the finished download");
            assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(whole)),
                    r.sha256());
            assertTrue(Files.notExists(FileResume.part(target)));
            assertTrue(Files.notExists(FileResume.sidecar(target)));
        }
    }
}
