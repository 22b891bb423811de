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
}
