package dev.shoal.internal.url;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The WHATWG URL parser on the cases the web writes, without the reference implementation (see the differential test). */
class UrlParserTest {

    private static String href(String url) {
        return UrlParser.parse(url).href();
    }

    @Test
    void charactersBrowsersEncodeAreEncodedNotRefused() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("http://h.test/a|b{c}^d", "http://h.test/a|b%7Bc%7D%5Ed"),
                Map.entry("http://h.test/a b?q=x y", "http://h.test/a%20b?q=x%20y"),
                Map.entry("http://h.test/?q={1}|^", "http://h.test/?q={1}|^"),
                Map.entry("http://h.test/?q='a'", "http://h.test/?q=%27a%27"),
                Map.entry("http://h.test/'a'", "http://h.test/'a'"),
                Map.entry("http://h.test/résumé", "http://h.test/r%C3%A9sum%C3%A9"),
                Map.entry("http://h.test/?€#€", "http://h.test/?%E2%82%AC#%E2%82%AC"),
                Map.entry("http://h.test/\"<>`", "http://h.test/%22%3C%3E%60"),
                Map.entry("http://h.test/100%", "http://h.test/100%"),
                Map.entry("http://h.test/%7e", "http://h.test/%7e"));
        cases.forEach((in, out) -> assertEquals(out, href(in), in));
    }

    @Test
    void backslashesTabsNewlinesAndOuterSpaces() {
        assertEquals("http://h.test/a/b", href("http:\\\\h.test\\a\\b"));
        assertEquals("http://h.test/ab", href(" \t http://h.\nte\tst/a\r\nb \u0000"));
        assertEquals("http://h.test/", href("http:h.test"));
        assertEquals("https://h.test/", href("https:////h.test"));
    }

    @Test
    void dotSegmentsAreRemovedIncludingEncodedOnes() {
        assertEquals("http://h.test/a/c/", href("http://h.test/a/./b/../c/d/.."));
        assertEquals("http://h.test/c", href("http://h.test/a/%2e/b/%2E%2e/../c"));
        assertEquals("http://h.test/x", href("http://h.test/../../x"));
        assertEquals("http://h.test/a/", href("http://h.test/a/."));
        assertEquals("http://h.test/?q=/../", href("http://h.test/b/..?q=/../"));
        assertEquals("http://h.test/a/.../", href("http://h.test/a/.../"));
    }

    @Test
    void hostsAreParsedAsBrowsersDo() {
        assertEquals("http://127.0.0.1/", href("http://0x7f.1/"));
        assertEquals("http://127.0.0.1/", href("http://0177.0.0.1/"));
        assertEquals("http://127.0.0.1/", href("http://2130706433/"));
        assertEquals("http://192.168.0.1/", href("http://192.168.1/"));
        assertEquals("http://1.2.3.4/", href("http://1.2.3.4./"));
        assertEquals("http://[2001:db8::2:1]/", href("http://[2001:DB8:0:0:0:0:2:1]/"));
        assertEquals("http://[::ffff:c000:280]/", href("http://[::ffff:192.0.2.128]/"));
        assertEquals("http://[1:0:0:1::1]/", href("http://[1:0:0:1:0:0:0:1]/"));
        assertEquals("http://[1::2:0:0:3:4]/", href("http://[1:0:0:2:0:0:3:4]/"));
        assertEquals("http://[1:0:2:3:4:5:6:7]/", href("http://[1:0:2:3:4:5:6:7]/"));
        assertEquals("http://example.com/", href("http://%65xample.COM/"));
        assertEquals("http://xn--mnchen-3ya.de/", href("http://MÜNCHEN.de/"));
        assertEquals("http://xn--strae-oqa.de/", href("http://straße.de/"));
        assertEquals("http://example.com/", href("http://ＥＸＡＭＰＬＥ。com/"));
        assertEquals("http://example.com./", href("http://example.com./"));
        for (String bad : List.of("http://1.2.3.256/", "http://0x100000000/", "http://1.2.3.4.5/", "http://[1::2::3]/",
                "http://[::1/", "http://a b/", "http://a<b/", "http://a%zzb/", "http://xn--zz/", "http://a\u200db/",
                "http://h.test:65536/", "http://h.test:8o/", "http:///", "http://@h/x".replace("h/", "/"), "http://u@/")) {
            assertThrows(UrlException.class, () -> href(bad), bad);
        }
    }

    @Test
    void defaultPortsAreDroppedOthersKept() {
        assertEquals("http://h.test/", href("http://h.test:80/"));
        assertEquals("https://h.test/", href("https://h.test:0443/"));
        assertEquals("http://h.test:443/", href("http://h.test:443/"));
        assertEquals("http://h.test:8080/", href("http://h.test:008080/"));
        assertEquals("http://h.test/", href("http://h.test:/"));
        WebUrl url = UrlParser.parse("https://[::1]:8443/p?q#f");
        assertEquals("[::1]", url.host());
        assertEquals("::1", url.hostName());
        assertEquals(8443, url.effectivePort());
        assertEquals("/p?q", url.requestTarget());
        assertEquals(443, UrlParser.parse("https://h.test/").effectivePort());
    }

    @Test
    void credentialsAreKeptApartAndLeftOutOfToString() {
        WebUrl url = UrlParser.parse("http://us%40er:p%C3%A4ss:w@h.test:81/x?y#z");
        assertTrue(url.hasCredentials());
        assertEquals("us%40er", url.username());
        assertEquals("p%C3%A4ss%3Aw", url.password());
        // base64 of "us@er:päss:w" in UTF-8
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("us@er:päss:w".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                url.basicAuthorization());
        assertEquals("http://h.test:81/x?y#z", url.withoutCredentials().href());
        assertEquals("http://h.test:81/x?y#z", url.toString());
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("u:".getBytes()),
                UrlParser.parse("http://u@h.test/").basicAuthorization());
        assertNull(UrlParser.parse("http://h.test/").basicAuthorization());
        assertFalse(UrlParser.parse("http://@h.test/").hasCredentials());
    }

    @Test
    void relativeReferencesResolveAgainstABase() {
        WebUrl base = UrlParser.parse("http://a.test/b/c/d;p?q#f");
        Map<String, String> cases = Map.ofEntries(
                Map.entry("g", "http://a.test/b/c/g"),
                Map.entry("./g/", "http://a.test/b/c/g/"),
                Map.entry("/g", "http://a.test/g"),
                Map.entry("//g", "http://g/"),
                Map.entry("\\\\g\\x", "http://g/x"),
                Map.entry("?y", "http://a.test/b/c/d;p?y"),
                Map.entry("#s", "http://a.test/b/c/d;p?q#s"),
                Map.entry("../../../g", "http://a.test/g"),
                Map.entry("", "http://a.test/b/c/d;p?q"),
                Map.entry("g h", "http://a.test/b/c/g%20h"),
                Map.entry("http:g", "http://a.test/b/c/g"),
                Map.entry("https:g", "https://g/"));
        cases.forEach((in, out) -> assertEquals(out, UrlParser.parse(in, base).href(), in));
        UrlException e = assertThrows(UrlException.class, () -> UrlParser.parse("ftp://x/", base));
        assertTrue(e.isUnsupportedScheme());
    }

    @Test
    void relativeOrOtherSchemesAreRefusedWithoutABase() {
        UrlException relative = assertThrows(UrlException.class, () -> UrlParser.parse("example.com/x"));
        assertFalse(relative.isUnsupportedScheme());
        assertFalse(assertThrows(UrlException.class, () -> UrlParser.parse("/x")).isUnsupportedScheme());
        assertFalse(assertThrows(UrlException.class, () -> UrlParser.parse("")).isUnsupportedScheme());
        assertTrue(assertThrows(UrlException.class, () -> UrlParser.parse("ftp://h/")).isUnsupportedScheme());
        assertTrue(assertThrows(UrlException.class, () -> UrlParser.parse("mailto:a@b")).isUnsupportedScheme());
    }

    @Test
    void messagesNeverRepeatTheInput() {
        for (String url : List.of("http://u:s3cret@a b/", "http://u:s3cret@h:99999/", "http://u:s3cret@[::1/",
                "s3cret:u@h", "u:s3cret@h/x", "http://u:s3cret@/")) {
            UrlException e = assertThrows(UrlException.class, () -> UrlParser.parse(url), url);
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        }
    }

    @Test
    void cleanUrlsTakeTheShortcutAndAgreeWithTheStateMachine() {
        for (String url : List.of("http://127.0.0.1:18181/small.txt", "https://example.com", "http://Example.COM:8080/a/b?c=d&e=%2F",
                "http://localhost/", "http://a-b.c-d.test/x;y=1/(z)?q=a:b@c/d?e", "http://h.test?x=1", "http://h.test/p?",
                "http://10.0.0.255:1/", "https://api.example.org:443/v1/items/42?fields=a,b*&sort=-id~",
                "http://h.test:080/", "http://h.test/a|b[c]?d={e}^`")) {
            assertNotNull(CleanUrl.parse(url), url);
            assertSame(url);
        }
        for (String url : List.of("HTTP://example.com/", "http://user:pw@example.com/", "http://[::1]:8080/", "http://example.com./",
                "http://example.com/#frag", "http://example.com/a b", " http://example.com/", "http://exa_mple.com/",
                "http://1.2.3/", "http://01.2.3.4/", "http://foo.1bar/", "http://-a.test/", "http://xn--mnchen-3ya.de/",
                "http://h.test/%zz", "http://h.test/é", "http://h.test/a/./b", "http://h.test/a/..", "http://h.test/%2e/",
                "http://h.test/?q='", "http://h.test/{", "http:/h.test/", "ftp://h.test/", "http://", "http:///x")) {
            assertNull(CleanUrl.parse(url), url);
        }
    }

    @Test
    void randomUrlsNeverDisagreeWithTheShortcut() {
        List<String> urls = new ArrayList<>(UrlSamples.absolute(1, 20_000));
        java.util.Random random = new java.util.Random(42);
        String alphabet = "aZ09.-_:/?#@%[]!$&'()*+,;= é~2f|{}^`\\";
        String[] prefixes = {"http://", "https://", "http://h.test", "http://1.2.3.4", "https://a.b:", "http://x.y/", "http://xn-"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            for (int n = random.nextInt(14); n > 0; n--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            urls.add(b.toString());
        }
        int shortcut = 0;
        for (String url : urls) {
            if (CleanUrl.parse(url) != null) {
                shortcut++;
                assertSame(url);
            }
        }
        assertTrue(shortcut > 3_000, "too few URLs took the shortcut: " + shortcut);
    }

    private static void assertSame(String url) {
        WebUrl fast = CleanUrl.parse(url);
        WebUrl full;
        try {
            full = UrlParser.parseFully(url);
        } catch (UrlException e) {
            fail("the shortcut took " + url + " but the parser refuses it: " + e.getMessage());
            return;
        }
        assertEquals(full.href(), fast.href(), url);
        assertEquals(full.host(), fast.host(), url);
        assertEquals(full.port(), fast.port(), url);
        assertEquals(full.requestTarget(), fast.requestTarget(), url);
        assertEquals(full.query(), fast.query(), url);
        assertEquals(full.path(), fast.path(), url);
    }
}
