package dev.shoal.flink;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestLinesTest {

    @Test
    void blankLinesAndCommentsAreNoRequests() {
        assertFalse(RequestLines.isRequest(""));
        assertFalse(RequestLines.isRequest("   \t"));
        assertFalse(RequestLines.isRequest("# a comment"));
        assertFalse(RequestLines.isRequest("  # indented comment"));
        assertTrue(RequestLines.isRequest("http://example.test/"));
        assertTrue(RequestLines.isRequest("not a url"));
    }

    @Test
    void aPlainLineIsAGetOfItsTrimmedUrl() {
        FetchRequest r = RequestLines.parse(7, "  http://example.test/a?b=1  ");
        assertEquals(7, r.index());
        assertEquals("http://example.test/a?b=1", r.url());
        assertEquals("GET", r.method());
        assertEquals(0, r.headers().length);
        assertNull(r.body());
        assertNull(r.inputError());
    }

    @Test
    void aJsonLineCarriesMethodHeadersAndBody() {
        FetchRequest r = RequestLines.parse(3,
                "{\"url\": \"http://example.test/p\", \"method\": \"post\", "
                        + "\"headers\": {\"X-One\": \"1\", \"Accept\": [\"a\", \"b\"]}, \"body\": \"hi\"}");
        assertEquals("http://example.test/p", r.url());
        assertEquals("POST", r.method());
        assertArrayEquals(new String[] {"X-One", "1", "Accept", "a", "Accept", "b"}, r.headers());
        assertEquals("hi", r.body());
        assertNull(r.inputError());
        assertEquals("X-One: 1", "X-One: " + r.toRequest(dev.shoal.BodySink.discard()).headers().get("x-one"));
    }

    @Test
    void aMalformedJsonLineStillGetsItsIndexAndSaysWhy() {
        FetchRequest broken = RequestLines.parse(5, "{\"url\": ");
        assertEquals(5, broken.index());
        assertTrue(broken.inputError().startsWith("not a JSON object"), broken.inputError());

        FetchRequest noUrl = RequestLines.parse(6, "{\"method\": \"GET\"}");
        assertEquals("a JSON request needs a \"url\" string", noUrl.inputError());

        FetchRequest badHeaders = RequestLines.parse(8, "{\"url\": \"http://x.test/\", \"headers\": [\"A: b\"]}");
        assertTrue(badHeaders.inputError().contains("headers"), badHeaders.inputError());
    }
}
