package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.Request;
import dev.shoal.rows.InputLine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The element each kind of input line becomes (the parsing itself is shoal-rows' InputLineTest). */
class FetchRequestTest {

    @Test
    void aPlainLineIsAGetOfItsTrimmedUrl() {
        FetchRequest r = FetchRequest.of(7, InputLine.parse("  http://example.test/a?b=1  "));
        assertEquals(7, r.index());
        assertEquals("http://example.test/a?b=1", r.url());
        assertEquals("GET", r.method());
        assertEquals(0, r.headers().length);
        assertNull(r.body());
        assertNull(r.inputError());
    }

    @Test
    void aJsonLineCarriesItsMethodAsWrittenHeadersInOrderAndBody() {
        FetchRequest r = FetchRequest.of(3, InputLine.parse("{\"url\": \"http://example.test/p\", \"method\": \"PATCH\", "
                + "\"headers\": {\"X-One\": \"1\", \"Accept\": [\"a\", \"b\"]}, \"body\": \"hi\"}"));
        assertEquals("http://example.test/p", r.url());
        assertEquals("PATCH", r.method());
        assertArrayEquals(new String[] {"X-One", "1", "Accept", "a", "Accept", "b"}, r.headers());
        assertEquals("hi", r.body());
        assertNull(r.inputError());

        Request request = r.toRequest(BodySink.discard());
        assertEquals("1", request.headers().get("x-one"));
        assertEquals(List.of("a", "b"), request.headers().all("accept"));
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), request.body());
        assertEquals(3L, request.tag());
    }

    @Test
    void aJsonLineWithABodyAndNoMethodIsAPostAsInShoalFetch() {
        assertEquals("POST", FetchRequest.of(0, InputLine.parse("{\"url\": \"http://x.test/\", \"body\": \"a=1\"}")).method());
        assertEquals("GET", FetchRequest.of(0, InputLine.parse("{\"url\": \"http://x.test/\"}")).method());
    }

    @Test
    void aLineThatIsNoRequestKeepsItsIndexAndSaysWhyAsShoalFetchDoes() {
        FetchRequest broken = FetchRequest.of(5, InputLine.parse("{\"url\": \"http://x.test/\", \"method\": \"PUT\", "));
        assertEquals(5, broken.index());
        assertEquals("http://x.test/", broken.url());
        assertEquals("PUT", broken.method());
        assertTrue(broken.inputError().startsWith("not valid JSON"), broken.inputError());

        FetchRequest noUrl = FetchRequest.of(6, InputLine.parse("{\"method\": \"GET\"}"));
        assertNull(noUrl.url());
        assertEquals("no \"url\" field", noUrl.inputError());
    }
}
