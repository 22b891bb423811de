package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.pipeline.Redirects;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A Location is resolved as browsers resolve it (the WHATWG URL Standard), and its credentials go nowhere. */
class RedirectTargetsTest {
    private static final byte[] NO_BODY = new byte[0];

    private static Hop from(String url) {
        return Hop.at(url, "GET", Headers.of("Authorization", "Basic eDp5"), NO_BODY);
    }

    @Test
    void locationsAreResolvedAsBrowsersDo() {
        Hop base = from("http://a.test/x/y?q=1");
        assertEquals("http://a.test/b/c", Redirects.next(base, 302, "\\b\\.\\c").url());
        assertEquals("http://other.test/p%20q", Redirects.next(base, 302, " //other.test/p q ").url());
        assertEquals("http://a.test/x/z%7B%7D?%C3%A9", Redirects.next(base, 302, "z{}?é").url());
        assertEquals("/x/z%7B%7D?%C3%A9", Redirects.next(base, 302, "z{}?é").pathAndQuery());
        Hop withFragment = from("http://a.test/x/y?q=1#top");
        assertEquals("http://a.test/z#top", Redirects.next(withFragment, 302, "/z").url(), "the fragment carries over");
        assertEquals("http://a.test/x/y?q=1#new", Redirects.next(withFragment, 302, "#new").url());
        assertEquals("http://127.0.0.1:8080/", Redirects.next(base, 302, "http://0x7f.1:8080").url());
        assertEquals("https://a.test/", Redirects.next(base, 302, "https:a.test").url());
    }

    @Test
    void aLocationWrittenInUtf8IsReadAsUtf8() {
        Hop base = from("http://a.test/");
        // the response decoders hand a field over as ISO-8859-1, one char per byte: the UTF-8 of "/été?q=ü"
        String asDecoded = new String("/été?q=ü".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("http://a.test/%C3%A9t%C3%A9?q=%C3%BC", Redirects.next(base, 302, asDecoded).url());
        assertEquals("http://a.test/%C3%A9", Redirects.next(base, 302, "/\u00e9").url(), "not UTF-8: each byte a char, as read");
    }

    @Test
    void credentialsInALocationAreNeitherSentNorShown() {
        Hop next = Redirects.next(from("http://a.test/"), 302, "http://u:s3cret@a.test/x");
        assertEquals("http://a.test/x", next.url());
        assertEquals("Basic eDp5", next.headers().get("Authorization"), "the caller's own, same origin");
        Hop elsewhere = Redirects.next(from("http://a.test/"), 302, "http://u:s3cret@b.test/x");
        assertEquals("http://b.test/x", elsewhere.url());
        assertNull(elsewhere.headers().get("Authorization"));
    }

    @Test
    void badTargetsAreTypedAndTheMessageDoesNotRepeatThem() {
        ShoalException invalid = assertThrows(ShoalException.class, () -> Redirects.next(from("http://a.test/"), 302, "http://u:s3cret@b b/"));
        assertEquals(ErrorKind.INVALID_URL, invalid.kind());
        assertFalse(invalid.getMessage().contains("s3cret"), invalid.getMessage());
        ShoalException scheme = assertThrows(ShoalException.class, () -> Redirects.next(from("http://a.test/"), 302, "ftp://u:s3cret@b/"));
        assertEquals(ErrorKind.UNSUPPORTED_SCHEME, scheme.kind());
        assertFalse(scheme.getMessage().contains("s3cret"), scheme.getMessage());
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class, () -> Redirects.next(from("http://a.test/"), 302, "  ")).kind());
    }
}
