package dev.shoal.cli.fetch;

import dev.shoal.Headers;
import dev.shoal.Request;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestSourceTest {
    private static final RequestTemplate PLAIN = new RequestTemplate(null, Headers.empty(), null, false, null);

    private final List<Long> invalidIndexes = new ArrayList<>();

    private List<Request> drain(RequestSource source) {
        List<Request> requests = new ArrayList<>();
        while (source.hasNext()) {
            requests.add(source.next());
        }
        return requests;
    }

    private RequestSource source(List<String> args, String input, RequestTemplate template, BitSet done) {
        BufferedReader reader = input == null ? null : new BufferedReader(new StringReader(input));
        return new RequestSource(new InputLines(args, reader), template, done,
                (index, line) -> invalidIndexes.add(index));
    }

    @Test
    void argumentsComeFirstThenLinesAndOnlyRequestLinesTakeAnIndex() {
        String input = "# header comment\n\nhttp://b/\n   \n{bad json\nnot a url\n# done\n{\"url\":\"http://c/\"}\n";
        List<Request> requests = drain(source(List.of("http://a/"), input, PLAIN, new BitSet()));

        assertEquals(List.of("http://a/", "http://b/", "not a url", "http://c/"), requests.stream().map(Request::url).toList());
        assertEquals(List.of(0L, 1L, 3L, 4L), requests.stream().map(Request::tag).toList());
        assertEquals(List.of(2L), invalidIndexes);
    }

    @Test
    void indexesAlreadyDoneAreSkippedButKeepTheirPlace() {
        BitSet done = new BitSet();
        done.set(0);
        done.set(2);
        RequestSource source = source(List.of(), "http://a/\nhttp://b/\n{bad\nhttp://d/\n", PLAIN, done);
        List<Request> requests = drain(source);

        assertEquals(List.of(1L, 3L), requests.stream().map(Request::tag).toList());
        assertEquals(List.of(), invalidIndexes, "a done invalid line is not reported again");
        assertEquals(2, source.skipped());
    }

    @Test
    void commandLineMethodHeadersAndBodyApplyUnlessTheLineSaysOtherwise() {
        RequestTemplate template = new RequestTemplate(null,
                Headers.of("Authorization", "Basic x", "X-Run", "7"), "a=1".getBytes(StandardCharsets.UTF_8), false, null);
        String input = "http://a/\n{\"url\":\"http://b/\",\"method\":\"PUT\",\"headers\":{\"x-run\":\"8\"},\"body\":\"{}\"}\n";
        List<Request> requests = drain(source(List.of(), input, template, new BitSet()));

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
        assertEquals("GET", drain(source(List.of("http://a/"), null, PLAIN, new BitSet())).get(0).method());
        RequestTemplate head = new RequestTemplate("HEAD", Headers.empty(), null, false, null);
        assertEquals("HEAD", drain(source(List.of("http://a/"), null, head, new BitSet())).get(0).method());
    }

    @Test
    void hashAndBodiesChooseTheSinkAndEachBodyIsSavedUnderItsIndex() {
        Path dir = Path.of("bodies");
        RequestTemplate template = new RequestTemplate(null, Headers.empty(), null, true, dir);
        List<Request> requests = drain(source(List.of("http://a/", "http://b/"), null, template, new BitSet()));

        assertTrue(requests.get(1).sink().hashSha256());
        assertEquals(dir.resolve("1"), requests.get(1).sink().file());
        assertTrue(drain(source(List.of("http://a/"), null, PLAIN, new BitSet())).get(0).sink().discards());
        assertNull(drain(source(List.of("http://a/"), null, PLAIN, new BitSet())).get(0).sink().file());
    }
}
