package dev.shoal.cli.fetch;

import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.RequestBody;
import org.junit.jupiter.api.Test;

import dev.shoal.ErrorKind;
import dev.shoal.rows.Row;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSourceTest {
    private static final RequestTemplate PLAIN = new RequestTemplate(null, Headers.empty(), null, false, null);

    private final List<Long> invalidIndexes = new ArrayList<>();
    private final List<Row> invalidRows = new ArrayList<>();

    private List<Request> drain(RequestSource source) {
        List<Request> requests = new ArrayList<>();
        while (source.hasNext()) {
            requests.add(source.next());
        }
        return requests;
    }

    private RequestSource source(List<String> args, String input, RequestTemplate template, EarlierRows done) {
        InputStream in = input == null ? null : new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        return source(args, in, template, done);
    }

    private RequestSource source(List<String> args, InputStream in, RequestTemplate template, EarlierRows done) {
        return new RequestSource(new InputLines(args, in, 1 << 20), template, done, row -> {
            invalidIndexes.add(row.index());
            invalidRows.add(row);
        });
    }

    @Test
    void argumentsComeFirstThenLinesAndOnlyRequestLinesTakeAnIndex() {
        String input = "# header comment\n\nhttp://b/\n   \n{bad json\nnot a url\n# done\n{\"url\":\"http://c/\"}\n";
        List<Request> requests = drain(source(List.of("http://a/"), input, PLAIN, new EarlierRows()));

        assertEquals(List.of("http://a/", "http://b/", "not a url", "http://c/"), requests.stream().map(Request::url).toList());
        assertEquals(List.of(0L, 1L, 3L, 4L), requests.stream().map(Request::tag).toList());
        assertEquals(List.of(2L), invalidIndexes);
    }

    @Test
    void indexesAlreadyDoneAreSkippedButKeepTheirPlace() {
        EarlierRows done = new EarlierRows();
        done.add(0, "http://a/", "GET");
        done.add(2, null, null);
        RequestSource source = source(List.of(), "http://a/\nhttp://b/\n{bad\nhttp://d/\n", PLAIN, done);
        List<Request> requests = drain(source);

        assertEquals(List.of(1L, 3L), requests.stream().map(Request::tag).toList());
        assertEquals(List.of(), invalidIndexes, "a done invalid line is not reported again");
        assertEquals(2, source.skipped());
    }

    @Test
    void commandLineMethodHeadersAndBodyApplyUnlessTheLineSaysOtherwise() {
        RequestTemplate template = new RequestTemplate(null,
                Headers.of("Authorization", "Basic x", "X-Run", "7"), RequestBody.of("a=1"), false, null);
        String input = "http://a/\n{\"url\":\"http://b/\",\"method\":\"PUT\",\"headers\":{\"x-run\":\"8\"},\"body\":\"{}\"}\n";
        List<Request> requests = drain(source(List.of(), input, template, new EarlierRows()));

        Request plain = requests.get(0);
        assertEquals("POST", plain.method(), "a body makes POST, as with curl -d");
        assertEquals(Headers.of("Authorization", "Basic x", "X-Run", "7"), plain.headers());
        assertArrayEquals("a=1".getBytes(StandardCharsets.UTF_8), plain.body());

        Request custom = requests.get(1);
        assertEquals("PUT", custom.method());
        assertEquals(Headers.of("Authorization", "Basic x", "x-run", "8"), custom.headers());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), custom.body());
    }

    @Test
    void methodIsGetWithoutBodyAndDashXOverridesTheDefault() {
        assertEquals("GET", drain(source(List.of("http://a/"), (String) null, PLAIN, new EarlierRows())).get(0).method());
        RequestTemplate head = new RequestTemplate("HEAD", Headers.empty(), null, false, null);
        assertEquals("HEAD", drain(source(List.of("http://a/"), (String) null, head, new EarlierRows())).get(0).method());
    }

    @Test
    void hashAndBodiesChooseTheSinkAndEachBodyIsSavedUnderItsIndex() {
        Path dir = Path.of("bodies");
        RequestTemplate template = new RequestTemplate(null, Headers.empty(), null, true, dir);
        List<Request> requests = drain(source(List.of("http://a/", "http://b/"), (String) null, template, new EarlierRows()));

        assertTrue(requests.get(1).sink().hashSha256());
        assertEquals(dir.resolve("1"), requests.get(1).sink().file());
        assertTrue(drain(source(List.of("http://a/"), (String) null, PLAIN, new EarlierRows())).get(0).sink().discards());
        assertNull(drain(source(List.of("http://a/"), (String) null, PLAIN, new EarlierRows())).get(0).sink().file());
    }

    @Test
    void aLineOfInvalidUtf8IsAnInvalidUrlRowNeverASilentlyChangedRequest() {
        byte[] input = "http://a/\nhttp://b/caf\u00e9\nhttp://c/\u00ff\n".getBytes(StandardCharsets.UTF_8);
        input[input.length - 3] = (byte) 0xff;  // a lone 0xff instead of the two bytes of U+00FF
        input[input.length - 2] = (byte) 'x';
        List<Request> requests = drain(source(List.of(), new ByteArrayInputStream(input), PLAIN, new EarlierRows()));

        assertEquals(List.of("http://a/", "http://b/caf\u00e9"), requests.stream().map(Request::url).toList());
        assertEquals(List.of(2L), invalidIndexes);
        Row row = invalidRows.get(0);
        assertEquals(ErrorKind.INVALID_URL, row.errorKind());
        assertEquals("GET", row.method());
        assertEquals("http://c/\ufffdx", row.url(), "shown with U+FFFD where the bad byte was");
        assertTrue(row.errorMessage().contains("UTF-8"), row.errorMessage());
    }

    @Test
    void aLineOverTheLimitIsAnInvalidRequestRowAndTheNextLinesGoOn() {
        String input = "http://a/" + "x".repeat(3 << 20) + "\nhttp://b/\n";
        List<Request> requests = drain(source(List.of(), input, PLAIN, new EarlierRows()));

        assertEquals(List.of("http://b/"), requests.stream().map(Request::url).toList());
        assertEquals(List.of(1L), requests.stream().map(Request::tag).toList());
        assertEquals(List.of(0L), invalidIndexes);
        assertEquals(ErrorKind.INVALID_REQUEST, invalidRows.get(0).errorKind());
        assertTrue(invalidRows.get(0).errorMessage().contains("--max-line-bytes"), invalidRows.get(0).errorMessage());
    }

    @Test
    void aFeedIsNotReadyWhileItsInputIsIdleAndWakesTheStreamWhenALineArrives() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
        RequestSource source = source(List.of(), pipe, PLAIN, new EarlierRows());
        CountDownLatch woken = new CountDownLatch(1);
        source.onReady(woken::countDown);

        assertFalse(source.ready(), "no line yet: the stream must not wait in hasNext");
        writer.write("{bad\nhttp://a/\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        assertTrue(woken.await(5, TimeUnit.SECONDS), "the feed wakes the stream when lines arrive");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!source.ready() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of(0L), invalidIndexes, "a line that is not a request has its row before any wait");
        assertTrue(source.ready());
        assertEquals("http://a/", source.next().url());
        assertFalse(source.ready(), "the input is idle again");
        writer.close();
        assertTrue(waitReady(source));
        assertFalse(source.hasNext());
    }

    private static boolean waitReady(RequestSource source) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!source.ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Test
    void resumeKeepsARowOnlyForTheRequestOfItsLine() {
        EarlierRows done = new EarlierRows();
        done.add(0, "http://a/", "GET");
        done.add(1, "http://b/", "GET");
        ResumeMismatch mismatch = assertThrows(ResumeMismatch.class,
                () -> drain(source(List.of(), "http://a/\nhttp://other/\nhttp://c/\n", PLAIN, done)));
        assertEquals(1, mismatch.index());
        assertTrue(mismatch.getMessage().contains("GET http://other/"), mismatch.getMessage());

        RequestTemplate post = new RequestTemplate("POST", Headers.empty(), null, false, null);
        assertEquals(0, assertThrows(ResumeMismatch.class,
                () -> drain(source(List.of(), "http://a/\nhttp://b/\n", post, done))).index(), "the method counts too");
    }

    @Test
    void resumeRefusesRowsForIndexesBeyondTheInput() {
        EarlierRows done = new EarlierRows();
        done.add(0, "http://a/", "GET");
        done.add(4, "http://e/", "GET");
        ResumeMismatch mismatch = assertThrows(ResumeMismatch.class,
                () -> drain(source(List.of(), "http://a/\nhttp://b/\n", PLAIN, done)));
        assertEquals(4, mismatch.index());
        assertTrue(mismatch.getMessage().contains("no request in this input (it has 2)"), mismatch.getMessage());
    }

    @Test
    void resumeComparesUrlsWithoutTheirUserInformationWhichRowsMayLeaveOut() {
        EarlierRows done = new EarlierRows();
        done.add(0, "http://user@a/x", "GET");
        done.add(1, "http://b/y", "GET");
        RequestSource source = source(List.of(), "http://user:secret@a/x\nhttp://u:p@b/y\nhttp://c/\n", PLAIN, done);
        assertEquals(List.of(2L), drain(source).stream().map(Request::tag).toList());
        assertEquals(2, source.skipped());
        ResumeMismatch mismatch = assertThrows(ResumeMismatch.class,
                () -> drain(source(List.of(), "http://u:secret@a/z\n", PLAIN, done)));
        assertFalse(mismatch.getMessage().contains("secret"), mismatch.getMessage());
    }
}
