package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyAndHeaderOptionsTest {

    @Test
    void proxyComesFromTheFirstUsualVariableSet() {
        assertEquals("http://s:1", ProxyEnvironment.proxyUrl(Map.of("https_proxy", "http://s:1", "http_proxy", "http://p:2")));
        assertEquals("http://p:2", ProxyEnvironment.proxyUrl(Map.of("http_proxy", "http://p:2", "ALL_PROXY", "socks5://a:3")));
        assertEquals("socks5://a:3", ProxyEnvironment.proxyUrl(Map.of("ALL_PROXY", " socks5://a:3 ")));
        assertNull(ProxyEnvironment.proxyUrl(Map.of()));
    }

    @Test
    void upperCaseHttpProxyIsIgnoredAsCurlDoes() {
        assertNull(ProxyEnvironment.proxyUrl(Map.of("HTTP_PROXY", "http://evil:1")));
    }

    @Test
    void noProxyIsACommaSeparatedList() {
        assertEquals(List.of("localhost", ".internal"), ProxyEnvironment.noProxy(Map.of("no_proxy", "localhost,.internal")));
        assertEquals(List.of("*"), ProxyEnvironment.noProxy(Map.of("NO_PROXY", "*")));
        assertEquals(List.of(), ProxyEnvironment.noProxy(Map.of()));
    }

    @Test
    void headerOptionIsNameColonValueTrimmed() {
        assertArrayEquals(new String[] {"X-Trace", "a: b"}, HeaderOption.parse("X-Trace:  a: b "));
        assertArrayEquals(new String[] {"Accept", ""}, HeaderOption.parse("Accept:"));
    }

    @Test
    void headerOptionWithoutATokenNameOrWithALineBreakIsRefused() {
        assertNull(HeaderOption.parse("NoColon"));
        assertNull(HeaderOption.parse(": value"));
        assertNull(HeaderOption.parse("Bad Name: v"));
        assertNull(HeaderOption.parse("X: a\r\nInjected: yes"));
        assertTrue(HeaderOption.isToken("PATCH"));
        assertFalse(HeaderOption.isToken("GE T"));
    }
}
