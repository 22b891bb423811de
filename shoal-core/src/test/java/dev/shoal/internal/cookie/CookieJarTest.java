package dev.shoal.internal.cookie;

import dev.shoal.internal.base.Origin;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar's RFC 6265 rules, without a socket: what is stored and what goes back to which URL. */
class CookieJarTest {
    static final long NOW = 1_700_000_000_000L;
    static final Origin WWW = new Origin("http", "www.example.com", 80);
    static final Origin WWW_TLS = new Origin("https", "www.example.com", 443);
    static final Origin SUB = new Origin("http", "a.www.example.com", 80);
    static final Origin APEX = new Origin("http", "example.com", 80);
    static final Origin OTHER = new Origin("http", "example.org", 80);

    final CookieJar jar = new CookieJar(CookieJar.DEFAULT_MAX_COOKIES);

    void set(Origin from, String path, String... headers) {
        jar.store(from, path, List.of(headers), NOW);
    }

    String sent(Origin to, String path) {
        return jar.cookieHeader(to, path, NOW);
    }

    @Test
    void hostOnlyCookieGoesBackToItsHostOnly() {
        set(WWW, "/", "a=1");
        assertEquals("a=1", sent(WWW, "/"));
        assertNull(sent(SUB, "/"));
        assertNull(sent(APEX, "/"));
        assertNull(sent(OTHER, "/"));
    }

    @Test
    void domainCookieGoesToTheDomainAndItsSubdomains() {
        set(WWW, "/", "d=1; Domain=.example.com");
        assertEquals("d=1", sent(WWW, "/"));
        assertEquals("d=1", sent(SUB, "/"));
        assertEquals("d=1", sent(APEX, "/"));
        assertNull(sent(OTHER, "/"));
        assertNull(sent(new Origin("http", "badexample.com", 80), "/"));
    }

    @Test
    void cookieForAnotherDomainOrATopLevelDomainIsRefused() {
        set(WWW, "/", "x=1; Domain=example.org", "y=1; Domain=com", "z=1; Domain=a.www.example.com");
        assertEquals(0, jar.size());
        assertNull(sent(new Origin("http", "anything.com", 80), "/"));
    }

    @Test
    void singleLabelHostMaySetADomainCookieForItselfAsHostOnly() {
        Origin localhost = new Origin("http", "localhost", 8080);
        set(localhost, "/", "l=1; Domain=localhost");
        assertEquals("l=1", sent(localhost, "/"));
        assertNull(sent(new Origin("http", "x.localhost", 8080), "/"));
    }

    @Test
    void ipAddressHostGetsNoCookiesOfAParentDomain() {
        Origin ip = new Origin("http", "127.0.0.1", 80);
        set(ip, "/", "i=1", "j=1; Domain=0.0.1");
        assertEquals("i=1", sent(ip, "/"));
        assertEquals(1, jar.size());
    }

    @Test
    void pathMatchesAtSlashBoundariesAndDefaultsToTheRequestDirectory() {
        set(WWW, "/docs/page.html", "dir=1", "api=1; Path=/api");
        assertEquals("dir=1", sent(WWW, "/docs"));
        assertEquals("dir=1", sent(WWW, "/docs/other"));
        assertNull(sent(WWW, "/docsx"));
        assertNull(sent(WWW, "/"));
        assertEquals("api=1", sent(WWW, "/api/v1"));
        assertNull(sent(WWW, "/apiv1"));
    }

    @Test
    void longerPathsComeFirstThenOlderCookies() {
        set(WWW, "/", "b=1; Path=/", "c=1; Path=/a/b", "a=1; Path=/a", "d=1; Path=/");
        assertEquals("c=1; a=1; b=1; d=1", sent(WWW, "/a/b/c"));
    }

    @Test
    void secureCookieOnlyOverHttpsAndOnlySetByHttps() {
        set(WWW_TLS, "/", "s=1; Secure");
        set(WWW, "/", "t=1; Secure");
        assertEquals("s=1", sent(WWW_TLS, "/"));
        assertNull(sent(WWW, "/"));
        assertEquals(1, jar.size());
    }

    @Test
    void sameNameDomainAndPathReplacesAndKeepsItsPlace() {
        set(WWW, "/", "a=1", "b=1", "a=2");
        assertEquals("a=2; b=1", sent(WWW, "/"));
        set(WWW, "/", "a=3; Path=/x");
        assertEquals(3, jar.size());
    }

    @Test
    void maxAgeZeroOrAnExpiryInThePastDeletes() {
        set(WWW, "/", "a=1", "b=1", "c=1");
        set(WWW, "/", "a=gone; Max-Age=0", "b=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assertEquals("c=1", sent(WWW, "/"));
        assertEquals(1, jar.size());
    }

    @Test
    void maxAgeWinsOverExpiresAndCookiesExpire() {
        set(WWW, "/", "a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assertEquals("a=1", sent(WWW, "/"));
        assertEquals("a=1", jar.cookieHeader(WWW, "/", NOW + 59_000));
        assertNull(jar.cookieHeader(WWW, "/", NOW + 60_000));
        assertEquals(0, jar.size());
    }

    @Test
    void hugeMaxAgeKeepsTheCookieAndZeroOrNegativeDeletesIt() {
        set(WWW, "/", "a=1; Max-Age=9223372036854775807", "b=1; Max-Age=99999999999999999999",
                "c=1; Max-Age=99999999999999999999; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "d=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", "e=1; Max-Age=-99999999999999999999");
        assertEquals("a=1; b=1; c=1; d=1", sent(WWW, "/"));
        assertEquals("a=1; b=1; c=1", jar.cookieHeader(WWW, "/", 253402300799000L));  // d=1 expired then
        set(WWW, "/", "a=gone; Max-Age=-1", "b=gone; Max-Age=-99999999999999999999", "c=gone; Max-Age=0");
        assertEquals(0, jar.size());
    }

    @Test
    void sessionCookieHasNoExpiry() {
        set(WWW, "/", "s=1");
        assertEquals("s=1", jar.cookieHeader(WWW, "/", Long.MAX_VALUE - 1));
    }

    @Test
    void quotedValueGoesBackQuoted() {
        set(WWW, "/", "q=\"a b\"");
        assertEquals("q=\"a b\"", sent(WWW, "/"));
    }

    @Test
    void malformedOrControlCharacterCookiesAreIgnored() {
        set(WWW, "/", "", "=novalue", "a=1\u0000x", "b=" + "x".repeat(5000));
        assertEquals(0, jar.size());
    }

    @Test
    void hostAndSecurePrefixesAreEnforced() {
        set(WWW_TLS, "/", "__Secure-a=1", "__Secure-b=1; Secure", "__Host-c=1; Secure; Path=/",
                "__Host-d=1; Secure; Path=/; Domain=example.com", "__Host-e=1; Secure; Path=/x");
        assertEquals("__Secure-b=1; __Host-c=1", sent(WWW_TLS, "/"));
    }

    @Test
    void jarIsBoundedAndEvictsTheOldestFirst() {
        CookieJar small = new CookieJar(3);
        small.store(WWW, "/", List.of("a=1", "b=1", "c=1"), NOW);
        small.store(WWW, "/", List.of("a=2"), NOW);      // a replacement: still the oldest
        small.store(WWW, "/", List.of("d=1"), NOW);
        assertEquals(3, small.size());
        assertEquals("b=1; c=1; d=1", small.cookieHeader(WWW, "/", NOW));
    }

    @Test
    void oneDomainKeepsAtMost180CookiesAndLeavesTheOthersTheirs() {
        set(OTHER, "/", "keep=1");
        for (int response = 0; response < 30; response++) {  // a server that sets new cookies on every response
            List<String> flood = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                flood.add("f" + response + "_" + i + "=v");
            }
            set(WWW, "/", flood.toArray(new String[0]));
        }
        assertEquals(CookieJar.MAX_COOKIES_PER_DOMAIN + 1, jar.size());
        String header = sent(WWW, "/");
        assertEquals(CookieJar.MAX_COOKIES_PER_DOMAIN, header.split("; ").length);
        assertTrue(header.endsWith("f29_99=v"), "the newest stay");
        assertFalse(header.contains("f0_0="), "the oldest go");
        assertEquals("keep=1", sent(OTHER, "/"));
    }

    @Test
    void expiredCookiesAreEvictedBeforeLiveOnes() {
        CookieJar small = new CookieJar(2);
        small.store(WWW, "/", List.of("old=1", "short=1; Max-Age=1"), NOW);
        small.store(WWW, "/", List.of("new=1"), NOW + 5_000);
        assertEquals("old=1; new=1", small.cookieHeader(WWW, "/", NOW + 5_000));
    }

    @Test
    void rulesMatchRfc6265() {
        assertTrue(CookieRules.domainMatches("a.example.com", "example.com"));
        assertFalse(CookieRules.domainMatches("aexample.com", "example.com"));
        assertFalse(CookieRules.domainMatches("1.2.3.4", "2.3.4"));
        assertEquals("/", CookieRules.defaultPath(""));
        assertEquals("/", CookieRules.defaultPath("/file"));
        assertEquals("/a/b", CookieRules.defaultPath("/a/b/c"));
        assertTrue(CookieRules.pathMatches("/a/b", "/a/"));
        assertTrue(CookieRules.isTopLevel("com"));
        assertFalse(CookieRules.isTopLevel("example.com"));
    }
}
