package dev.shoal;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Credentials are cut from any URL text, parseable or not, before it is shown. */
class UrlsTest {

    @Test
    void userinfoIsCutWhereverTheParserWouldFindIt() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("http://u:pw@h.test/x", "http://h.test/x"),
                Map.entry("https://token@h.test", "https://h.test"),
                Map.entry("http://u:p@w@h.test:81/a@b?c@d#e@f", "http://h.test:81/a@b?c@d#e@f"),
                Map.entry("  HTTP:\\\\u:pw@h.test\\x", "  HTTP:\\\\h.test\\x"),
                Map.entry("http:u:pw@h.test/", "http:h.test/"),
                Map.entry("http://u:pw@bad host/", "http://bad host/"),
                Map.entry("http://u:pw@h:99999/", "http://h:99999/"),
                Map.entry("ftp://u:pw@h/", "ftp://h/"),
                Map.entry("user:pw@h.test/x", "h.test/x"),
                Map.entry("u:pw@", ""),
                Map.entry("http://h.test/a@b", "http://h.test/a@b"),
                Map.entry("http://h.test?a@b", "http://h.test?a@b"),
                Map.entry("http://h.test", "http://h.test"),
                Map.entry("not a url", "not a url"));
        cases.forEach((in, out) -> assertEquals(out, Urls.withoutCredentials(in), in));
        assertNull(Urls.withoutCredentials(null));
    }

    @Test
    void textThatIsNotAValidUrlLosesAllUpToItsLastAt() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("//u:pw@h.test/x", "//h.test/x"),
                Map.entry("http://u:pw#@h.test/", "http://h.test/"),
                Map.entry("http://u:pw?@h.test/", "http://h.test/"),
                Map.entry("http://u:pw/@h.test/", "http://h.test/"),
                Map.entry("http://u:pw\\@h.test/", "http://h.test/"),
                Map.entry("\u00e9ftp://u:pw@h.test/", "\u00e9ftp://h.test/"),
                Map.entry("mailto:u/x:pw@h", "h"));
        cases.forEach((in, out) -> assertEquals(out, Urls.withoutCredentials(in), in));
    }

    @Test
    void requestToStringHasNoCredentials() {
        assertEquals("GET http://h.test/", Request.get("http://u:pw@h.test/").toString());
    }

    @Test
    void urlsOfOneOriginShareItsKeyAndOthersDoNot() {
        assertEquals("http://h.test", Urls.origin("http://h.test/a"));
        assertEquals("http://h.test", Urls.origin("HTTP://u:pw@H.Test:80/b?c#d"));
        assertEquals("https://h.test", Urls.origin("https://h.test:443/"));
        assertEquals("https://h.test:8443", Urls.origin("https://h.test:8443/"));
        assertEquals("http://h.test:8080", Urls.origin("http://h.test:8080"));
        assertEquals("http://[::1]:81", Urls.origin("http://[0:0::1]:81/"));
        assertEquals("http://xn--bcher-kva.test", Urls.origin("http://B\u00fccher.test/"));
    }

    @Test
    void textThatIsNoHttpUrlHasNoOrigin() {
        assertNull(Urls.origin("not a url"));
        assertNull(Urls.origin("ftp://h.test/"));
        assertNull(Urls.origin(null));
    }
}
