package dev.shoal;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proxy settings from a URL and from the environment, NO_PROXY matching, and secrets kept out of text. */
class ProxyConfigTest {

    @Test
    void parsesHttpAndSocksUrlsWithCredentials() {
        ProxyConfig p = ProxyConfig.parse("http://user:pa%3Ass@proxy.local:3128", List.of());
        assertEquals(ProxyConfig.Type.HTTP, p.type());
        assertEquals("proxy.local", p.host());
        assertEquals(3128, p.port());
        assertEquals("user", p.username());
        assertEquals("pa:ss", p.password());
        assertEquals(ProxyConfig.Type.SOCKS5, ProxyConfig.parse("socks5h://127.0.0.1", List.of()).type());
        assertEquals(1080, ProxyConfig.parse("socks5://127.0.0.1", List.of()).port());
        assertEquals(8080, ProxyConfig.parse("proxy.local", List.of()).port());
    }

    @Test
    void unsupportedProxySchemesAreRefusedWithoutShowingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyConfig.parse("https://u:secret@p:1", List.of()));
        assertFalse(e.getMessage().contains("secret"));
        assertThrows(IllegalArgumentException.class, () -> ProxyConfig.parse("ftp://p:1", List.of()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ProxyConfig.parse("http://u:secret@bad host:1", List.of()));
        assertFalse(bad.getMessage().contains("secret"));
    }

    @Test
    void toStringHidesThePassword() {
        ProxyConfig p = ProxyConfig.parse("http://user:secret@p:1", List.of());
        assertEquals("http://user:***@p:1", p.toString());
        assertFalse(Shoal.builder().proxy(p).config().toString().contains("secret"));
    }

    @Test
    void environmentGivesEachSchemeItsProxyLowerCaseFirst() {
        Map<String, String> env = Map.of("http_proxy", "http://h:1", "HTTP_PROXY", "http://upper:1",
                "HTTPS_PROXY", "http://s:2", "no_proxy", "localhost, .internal");
        ProxyConfig http = ProxyConfig.fromEnvironment(env, "http");
        ProxyConfig https = ProxyConfig.fromEnvironment(env, "https");
        assertEquals("h", http.host());
        assertEquals("s", https.host());
        assertEquals(List.of("localhost", ".internal"), https.noProxy());
    }

    @Test
    void allProxyIsTheFallbackAndNothingSetMeansDirect() {
        assertEquals(ProxyConfig.Type.SOCKS5,
                ProxyConfig.fromEnvironment(Map.of("ALL_PROXY", " socks5://a:3 "), "https").type());
        assertNull(ProxyConfig.fromEnvironment(Map.of("https_proxy", "http://s:2"), "http"));
        assertNull(ProxyConfig.fromEnvironment(Map.of("http_proxy", ""), "http"));
    }

    @Test
    void upperCaseHttpProxyIsIgnoredUnderCgi() {
        assertNull(ProxyConfig.fromEnvironment(Map.of("HTTP_PROXY", "http://evil:1", "REQUEST_METHOD", "GET"), "http"));
        assertEquals("ok", ProxyConfig.fromEnvironment(Map.of("HTTP_PROXY", "http://ok:1"), "http").host());
    }

    @Test
    void noProxyMatchesHostsSubdomainsAndExactAddresses() {
        ProxyConfig p = ProxyConfig.parse("http://p:1", ProxyConfig.noProxyList("example.com,.corp.local 10.0.0.1,[::1]"));
        assertTrue(p.bypasses("example.com"));
        assertTrue(p.bypasses("api.example.com"));
        assertFalse(p.bypasses("badexample.com"));
        assertTrue(p.bypasses("x.corp.local"));
        assertTrue(p.bypasses("corp.local"));
        assertTrue(p.bypasses("10.0.0.1"));
        assertFalse(p.bypasses("110.0.0.1"));
        assertTrue(p.bypasses("::1"));
        assertTrue(ProxyConfig.parse("http://p:1", List.of("*")).bypasses("anything"));
    }

    @Test
    void headersNeverPrintCredentialsOrCookies() {
        Request r = Request.builder("http://x/").basicAuth("user", "secret").header("Cookie", "sid=secret2")
                .header("Accept", "text/plain").build();
        assertEquals("Basic dXNlcjpzZWNyZXQ=", r.headers().get("Authorization"));
        String text = r.headers().toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("text/plain"));
    }
}
