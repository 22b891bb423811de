package dev.shoal.internal.proxy;

import dev.shoal.ErrorKind;
import dev.shoal.ProxyConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.Origin;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * How connections to an origin are made: directly; to an HTTP proxy that forwards each request (http
 * URLs: the request goes in absolute form, see {@link #forwards()}); or through a tunnel, an HTTP CONNECT or
 * a SOCKS5 one, opened by Netty's proxy handler first in the pipeline. Through a tunnel the proxy resolves the
 * origin's host name. Whatever goes wrong with the proxy is error kind {@code proxy}; its credentials never
 * appear in a message.
 */
public final class ProxyRoute {
    public static final ProxyRoute DIRECT = new ProxyRoute(Mode.DIRECT, null, null);

    enum Mode { DIRECT, FORWARD, HTTP_TUNNEL, SOCKS5_TUNNEL }

    private final Mode mode;
    private final ProxyConfig proxy;
    private final InetSocketAddress proxyAddress;

    ProxyRoute(Mode mode, ProxyConfig proxy, InetSocketAddress proxyAddress) {
        this.mode = mode;
        this.proxy = proxy;
        this.proxyAddress = proxyAddress;
    }

    Mode mode() {
        return mode;
    }

    /** True when the connection goes to an HTTP proxy that forwards each request (absolute-form target). */
    public boolean forwards() {
        return mode == Mode.FORWARD;
    }

    /** The {@code Proxy-Authorization} value a forwarded request carries, or null. */
    public String proxyAuthorization() {
        return mode == Mode.FORWARD ? proxy.basicAuthorization() : null;
    }

    public ProxyConfig proxy() {
        return proxy;
    }

    /** Adds the tunnel's handler first in a new connection's pipeline (nothing for a direct or forwarding route). */
    public void addTunnelHandler(ChannelPipeline p) {
        ProxyHandler handler = switch (mode) {
            case HTTP_TUNNEL -> proxy.username() == null ? new HttpProxyHandler(proxyAddress)
                    : new HttpProxyHandler(proxyAddress, proxy.username(), nonNull(proxy.password()));
            case SOCKS5_TUNNEL -> new Socks5ProxyHandler(proxyAddress, proxy.username(), proxy.password());
            default -> null;
        };
        if (handler != null) {
            handler.setConnectTimeoutMillis(0);  // the connection's own connect timeout covers the tunnel
            p.addFirst("proxy", handler);
        }
    }

    /**
     * Connects {@code b} for {@code origin} along this route. The future succeeds once the connection (and the
     * tunnel, if any) is open; it fails with a {@link ShoalException} of kind {@code proxy} when the proxy
     * cannot be reached or refuses (a 407, a CONNECT answered with another status than 200, a SOCKS failure).
     */
    public ChannelFuture connect(Bootstrap b, Origin origin) {
        switch (mode) {
            case DIRECT:
                return b.connect(origin.host(), origin.port());
            case FORWARD:
                return proxied(b.connect(proxy.host(), proxy.port()), origin);
            default:
                if (proxyAddress.isUnresolved()) {
                    ChannelPromise failed = b.register().channel().newPromise();
                    failed.setFailure(new ShoalException(ErrorKind.PROXY, "cannot resolve proxy host " + proxy.host()));
                    failed.channel().close();
                    return failed;
                }
                // the proxy handler swaps the (unresolved) destination for the proxy's address
                return proxied(b.resolver(NoopAddressResolverGroup.INSTANCE)
                        .connect(InetSocketAddress.createUnresolved(origin.host(), origin.port())), origin);
        }
    }

    private ChannelFuture proxied(ChannelFuture connected, Origin origin) {
        Channel ch = connected.channel();
        ChannelPromise ready = ch.newPromise();
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.setFailure(failure(f.cause(), origin));
                return;
            }
            ProxyHandler tunnel = ch.pipeline().get(ProxyHandler.class);
            if (tunnel == null && mode != Mode.FORWARD) {
                // the handshake already failed and the closed channel's pipeline was emptied (a proxy that
                // refuses at once, e.g. tinyproxy's 401 to a CONNECT with wrong credentials)
                ready.setFailure(failure(new ShoalException(ErrorKind.PROXY,
                        "proxy " + proxy.host() + ":" + proxy.port() + " closed the connection during the handshake"), origin));
                return;
            }
            if (tunnel == null) {
                ready.setSuccess();
                return;
            }
            tunnel.connectFuture().addListener(t -> {
                if (t.isSuccess()) {
                    ready.trySuccess();
                } else {
                    ready.tryFailure(failure(t.cause(), origin));
                }
            });
        });
        return ready;
    }

    /** A failure on the way to the proxy or from it: kind {@code proxy}, except a timeout, which stays one. */
    ShoalException failure(Throwable cause, Origin origin) {
        if (cause instanceof ShoalException se) {
            return se;
        }
        if (cause instanceof ConnectTimeoutException) {
            return new ShoalException(ErrorKind.CONNECT_TIMEOUT, "connect to proxy " + proxy.address() + " timed out", cause);
        }
        if (cause instanceof ProxyConnectException) {
            return new ShoalException(ErrorKind.PROXY, "proxy " + proxy.address() + " did not open a tunnel to "
                    + origin.authority() + ": " + reason(cause.getMessage()), cause);
        }
        if (cause instanceof UnknownHostException) {
            return new ShoalException(ErrorKind.PROXY, "cannot resolve proxy host " + proxy.host(), cause);
        }
        boolean refused = cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("refused");
        return new ShoalException(ErrorKind.PROXY, "cannot connect to proxy " + proxy.address() + ": "
                + (refused ? "connection refused" : String.valueOf(cause.getMessage())), cause);
    }

    /**
     * What Netty's proxy handler says went wrong, without the prefix naming protocol, auth scheme and
     * addresses ("http, basic, /127.0.0.1:3128 => host:443, status: 407 ...").
     */
    static String reason(String message) {
        if (message == null) {
            return "failed";
        }
        int arrow = message.indexOf(" => ");
        int comma = arrow < 0 ? -1 : message.indexOf(", ", arrow);
        return comma < 0 ? (arrow < 0 ? message : "failed") : message.substring(comma + 2);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return mode == Mode.DIRECT ? "direct" : mode.name().toLowerCase(java.util.Locale.ROOT) + " via " + proxy;
    }
}
