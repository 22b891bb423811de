package dev.shoal.internal;

import dev.shoal.Headers;
import dev.shoal.ShoalException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/** The plain-URL fast path agrees with java.net.URI wherever it answers, and leaves the rest to it. */
class HopTest {
    private static final byte[] NO_BODY = new byte[0];

    @Test
    void commonUrlsTakeTheFastPathAndParseAsUriDoes() {
        for (String url : List.of("http://127.0.0.1:18181/small.txt", "https://example.com", "http://Example.COM:8080/a/b?c=d&e=%2F",
                "http://localhost/", "http://a-b.c-d.test/x;y=1/(z)?q=a:b@c/d?e", "http://h.test?x=1", "http://h.test/p?",
                "http://10.0.0.255:1/", "https://api.example.org:443/v1/items/42?fields=a,b*&sort=-id~")) {
            assertNotNull(plain(url), url);
            assertSame(url);
        }
    }

    @Test
    void unusualUrlsAreLeftToUri() {
        for (String url : List.of("HTTP://example.com/", "http://user:pw@example.com/", "http://[::1]:8080/", "http://example.com./",
                "http://example.com/#frag", "http://example.com/a b", " http://example.com/", "http://exa_mple.com/",
                "http://1.2.3/", "http://1.2.3.256/", "http://foo.1bar/", "http://-a.test/", "http://a-.test/", "http://a..b/",
                "http://h.test:/", "http://h.test:123456/", "http://h.test:0/", "http://h.test/%zz", "http://h.test/é",
                "http://h.test/[x]", "http:/h.test/", "ftp://h.test/", "http://", "http:///x")) {
            assertNull(plain(url), url);
        }
    }

    @Test
    void randomUrlsNeverDisagree() {
        Random random = new Random(42);
        String alphabet = "aZ09.-_:/?#@%[]!$&'()*+,;= é~2f";
        String[] prefixes = {"http://", "https://", "http://h.test", "http://1.2.3.4", "https://a.b:", "http://x.y/"};
        int fast = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            for (int n = random.nextInt(14); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String url = b.toString();
            if (plain(url) != null) {
                fast++;
                assertSame(url);
            }
        }
        assertEquals(true, fast > 1000, "too few random URLs took the fast path: " + fast);
    }

    private static Hop plain(String url) {
        return Hop.plain(url, "GET", Headers.empty(), NO_BODY);
    }

    private static void assertSame(String url) {
        Hop fast = plain(url);
        Hop viaUri;
        try {
            viaUri = Hop.viaUri(url, "GET", Headers.empty(), NO_BODY);
        } catch (ShoalException e) {
            fail("the fast path took " + url + " but URI rejects it: " + e.getMessage());
            return;
        }
        assertEquals(viaUri.origin(), fast.origin(), url);
        assertEquals(viaUri.pathAndQuery(), fast.pathAndQuery(), url);
    }
}
