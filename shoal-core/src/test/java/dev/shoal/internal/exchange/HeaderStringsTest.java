package dev.shoal.internal.exchange;

import dev.shoal.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderStringsTest {

    private static Headers copy(HeaderStrings strings, HttpHeaders h) {
        return strings.copy(h.iteratorCharSequence(), h.size());
    }

    private static HttpHeaders head(String... namesAndValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    @Test
    void repeatedNamesAndValuesAreTheStringsOfThePreviousResponse() {
        HeaderStrings strings = new HeaderStrings();
        Headers first = copy(strings, head("Content-Type", "text/plain", "Content-Length", "100"));
        Headers second = copy(strings, head("Content-Type", "text/plain", "Content-Length", "2000"));

        assertEquals(Headers.of("Content-Type", "text/plain", "Content-Length", "2000"), second);
        assertSame(first.name(0), second.name(0));
        assertSame(first.value(0), second.value(0));
        assertSame(first.name(1), second.name(1));
        assertNotSame(first.value(1), second.value(1));
        assertEquals("2000", second.value(1));
    }

    @Test
    void aFieldAddedAboveStillSharesTheNamesBelow() {
        HeaderStrings strings = new HeaderStrings();
        Headers first = copy(strings, head("Content-Type", "text/plain"));
        Headers second = copy(strings, head("Set-Cookie", "a=1", "Content-Type", "text/html"));

        assertEquals(Headers.of("Set-Cookie", "a=1", "Content-Type", "text/html"), second);
        assertSame(first.name(0), second.name(1));
    }

    @Test
    void theHttp1DecodersAsciiStringNamesAreSharedOnlyWhenEveryByteMatches() {
        HeaderStrings strings = new HeaderStrings();
        Headers first = copy(strings, decoded("Content-Type", "text/plain", "Content-Length", "100"));
        Headers second = copy(strings, decoded("Content-Type", "text/plain", "Content-Lengtx", "100"));

        assertSame(first.name(0), second.name(0));
        assertSame(first.value(0), second.value(0));
        assertEquals(Headers.of("Content-Type", "text/plain", "Content-Lengtx", "100"), second);
        assertNotSame(first.name(1), second.name(1), "same length, one byte differs");
    }

    @Test
    void aCharacterBeyondLatin1IsNotTheByteOfItsLowBits() {
        assertFalse(HeaderStrings.sameText("\u0101", new AsciiString(new byte[] {1})));
        assertTrue(HeaderStrings.sameText("\u00e9t\u00e9", new AsciiString(new byte[] {(byte) 0xe9, 't', (byte) 0xe9})));
        assertTrue(HeaderStrings.sameText("a", new StringBuilder("a")));
    }

    /** As Netty's HTTP/1.1 decoder hands them over: names as AsciiString, values as String. */
    private static HttpHeaders decoded(String... namesAndValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(new AsciiString(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return h;
    }

    @Test
    void http2PseudoHeadersAreLeftOut() {
        Http2Headers h = new DefaultHttp2Headers().status("200").add("content-type", "text/plain");
        Headers copied = new HeaderStrings().copy(h.iterator(), h.size());
        assertEquals(Headers.of("content-type", "text/plain"), copied);
    }
}
