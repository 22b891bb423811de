package dev.shoal.internal.proxy;

import dev.shoal.HttpVersionPolicy;
import dev.shoal.ProxyConfig;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.base.Origin;

import java.net.InetSocketAddress;

/**
 * Which {@link ProxyRoute} an origin takes in one client: the scheme's proxy unless the host is on its
 * bypass list. The choice is fixed per client, so the per-origin connection pools are in effect pools per
 * (origin, proxy).
 *
 * <p>An HTTP proxy forwards http requests as they are, except with HTTP/2 prior knowledge, where it opens a
 * CONNECT tunnel (a forwarding proxy speaks HTTP/1.1); https always goes through a tunnel.
 */
public final class ProxyRoutes {
    private final ProxyConfig httpProxy;
    private final ProxyConfig httpsProxy;
    private final ProxyRoute forHttp;
    private final ProxyRoute forHttps;

    public ProxyRoutes(ShoalConfig config) {
        this.httpProxy = config.httpProxy();
        this.httpsProxy = config.httpsProxy();
        boolean priorKnowledge = config.httpVersion() == HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE;
        this.forHttp = route(httpProxy, !priorKnowledge);
        this.forHttps = route(httpsProxy, false);
    }

    /** True when no proxy is configured at all. */
    public boolean allDirect() {
        return httpProxy == null && httpsProxy == null;
    }

    public ProxyRoute select(Origin origin) {
        boolean https = origin.isHttps();
        ProxyConfig proxy = https ? httpsProxy : httpProxy;
        if (proxy == null || proxy.bypasses(origin.host())) {
            return ProxyRoute.DIRECT;
        }
        return https ? forHttps : forHttp;
    }

    private static ProxyRoute route(ProxyConfig proxy, boolean mayForward) {
        if (proxy == null) {
            return ProxyRoute.DIRECT;
        }
        if (proxy.type() == ProxyConfig.Type.HTTP && mayForward) {
            return new ProxyRoute(ProxyRoute.Mode.FORWARD, proxy, null);
        }
        ProxyRoute.Mode mode = proxy.type() == ProxyConfig.Type.HTTP ? ProxyRoute.Mode.HTTP_TUNNEL : ProxyRoute.Mode.SOCKS5_TUNNEL;
        // resolved once, when the client is built: a tunnel's proxy handler connects to an address, not a name
        return new ProxyRoute(mode, proxy, new InetSocketAddress(proxy.host(), proxy.port()));
    }
}
