package dev.shoal.internal.proxy;

import dev.shoal.HttpVersionPolicy;
import dev.shoal.ProxyConfig;
import dev.shoal.Shoal;
import dev.shoal.internal.base.Origin;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which way each origin goes, and how proxy failures read. */
class ProxyRoutesTest {
    static final Origin HTTP = new Origin("http", "example.com", 80);
    static final Origin HTTPS = new Origin("https", "example.com", 443);

    @Test
    void httpProxyForwardsHttpAndTunnelsHttps() {
        ProxyRoutes routes = new ProxyRoutes(Shoal.builder().proxy(ProxyConfig.parse("http://127.0.0.1:3128", List.of())).config());
        assertEquals(ProxyRoute.Mode.FORWARD, routes.select(HTTP).mode());
        assertEquals(ProxyRoute.Mode.HTTP_TUNNEL, routes.select(HTTPS).mode());
    }

    @Test
    void priorKnowledgeHttp2TunnelsHttpToo() {
        ProxyRoutes routes = new ProxyRoutes(Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                .proxy(ProxyConfig.parse("http://127.0.0.1:3128", List.of())).config());
        assertEquals(ProxyRoute.Mode.HTTP_TUNNEL, routes.select(HTTP).mode());
    }

    @Test
    void socksTunnelsBothSchemes() {
        ProxyRoutes routes = new ProxyRoutes(Shoal.builder().proxy(ProxyConfig.parse("socks5://127.0.0.1:1080", List.of())).config());
        assertEquals(ProxyRoute.Mode.SOCKS5_TUNNEL, routes.select(HTTP).mode());
        assertEquals(ProxyRoute.Mode.SOCKS5_TUNNEL, routes.select(HTTPS).mode());
    }

    @Test
    void eachSchemeTakesItsOwnProxyAndBypassedHostsGoDirect() {
        ProxyRoutes routes = new ProxyRoutes(Shoal.builder().proxies(null,
                ProxyConfig.parse("http://127.0.0.1:3128", List.of("example.com"))).config());
        assertSame(ProxyRoute.DIRECT, routes.select(HTTP));
        assertSame(ProxyRoute.DIRECT, routes.select(HTTPS));
        assertEquals(ProxyRoute.Mode.HTTP_TUNNEL, routes.select(new Origin("https", "example.org", 443)).mode());
    }

    @Test
    void forwardedRequestsCarryTheProxyCredentials() {
        ProxyRoutes routes = new ProxyRoutes(Shoal.builder().proxy(ProxyConfig.parse("http://u:p%40ss@127.0.0.1:3128", List.of())).config());
        assertEquals("Basic dTpwQHNz", routes.select(HTTP).proxyAuthorization());
        assertEquals(null, routes.select(HTTPS).proxyAuthorization());  // the CONNECT request carries them
    }

    @Test
    void proxyHandlerMessageLosesItsAddressPrefix() {
        assertEquals("status: 407 Proxy Authentication Required",
                ProxyRoute.reason("http, basic, /127.0.0.1:3128 => localhost/<unresolved>:443, status: 407 Proxy Authentication Required"));
        assertEquals("disconnected", ProxyRoute.reason("socks5, none, /127.0.0.1:1 => a:1, disconnected"));
        assertTrue(ProxyRoute.reason(null).length() > 0);
    }
}
