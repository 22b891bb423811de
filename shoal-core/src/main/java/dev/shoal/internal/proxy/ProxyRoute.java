package dev.shoal.internal.proxy;

import dev.shoal.ErrorKind;
import dev.shoal.ProxyConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.dial.Dial;
import dev.shoal.internal.dial.Dialer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;

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
     * Connects {@code b} for {@code origin} along this route. The dial's channel is there once the connection
     * (and the tunnel, if any) is open; it fails with a {@link ShoalException} of kind {@code proxy} when the proxy
     * cannot be reached or refuses (a 407, a CONNECT answered with another status than 200, a SOCKS failure).
     */
    public Dial connect(Bootstrap b, EventLoop loop, Origin origin, Dialer dialer) {
        switch (mode) {
            case DIRECT:
                return dialer.dial(b, loop, origin.host(), origin.port());
            case FORWARD:
                return proxied(dialer.dial(b, loop, proxy.host(), proxy.port()), origin);
            default:
                if (proxyAddress.isUnresolved()) {
                    return Dial.failed(Internal.shoalException(ErrorKind.PROXY, "cannot resolve proxy host " + proxy.host()));
                }
                // the proxy handler swaps the (unresolved) destination for the proxy's address
                return proxied(Dial.of(b.resolver(NoopAddressResolverGroup.INSTANCE)
                        .connect(InetSocketAddress.createUnresolved(origin.host(), origin.port()))), origin);
        }
    }

    private Dial proxied(Dial connected, Origin origin) {
        CompletableFuture<Channel> failureMapped = new CompletableFuture<>();
        connected.channel().whenComplete((ch, error) -> {
            if (error != null) {
                failureMapped.completeExceptionally(failure(error, origin));
            } else {
                failureMapped.complete(ch);
            }
        });
        return new Dial(failureMapped, connected::close, connected.addresses()).then(ch -> tunnel(ch, origin));
    }

    private CompletableFuture<Channel> tunnel(Channel ch, Origin origin) {
        CompletableFuture<Channel> ready = new CompletableFuture<>();
        ProxyHandler tunnel = ch.pipeline().get(ProxyHandler.class);
        if (tunnel == null && mode != Mode.FORWARD) {
            // the handshake already failed and the closed channel's pipeline was emptied (a proxy that
            // refuses at once, e.g. tinyproxy's 401 to a CONNECT with wrong credentials)
            ready.completeExceptionally(failure(Internal.shoalException(ErrorKind.PROXY,
                    "proxy " + proxy.host() + ":" + proxy.port() + " closed the connection during the handshake"), origin));
            return ready;
        }
        if (tunnel == null) {
            ready.complete(ch);
            return ready;
        }
        tunnel.connectFuture().addListener(t -> {
            if (t.isSuccess()) {
                ready.complete(ch);
            } else {
                ready.completeExceptionally(failure(t.cause(), origin));
            }
        });
        return ready;
    }

    /** A failure on the way to the proxy or from it: kind {@code proxy}, except a timeout, which stays one. */
    ShoalException failure(Throwable error, Origin origin) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof ShoalException se) {
            return se.kind() == ErrorKind.DNS ? Internal.shoalException(ErrorKind.PROXY, "cannot resolve proxy host " + proxy.host(), se) : se;
        }
        if (cause instanceof ConnectTimeoutException) {
            return Internal.shoalException(ErrorKind.CONNECT_TIMEOUT, "connect to proxy " + proxy.address() + " timed out", cause);
        }
        if (cause instanceof ProxyConnectException) {
            return Internal.shoalException(ErrorKind.PROXY, "proxy " + proxy.address() + " did not open a tunnel to "
                    + origin.authority() + ": " + reason(cause.getMessage()), cause);
        }
        if (cause instanceof UnknownHostException) {
            return Internal.shoalException(ErrorKind.PROXY, "cannot resolve proxy host " + proxy.host(), cause);
        }
        boolean refused = cause instanceof ConnectException || String.valueOf(cause.getMessage()).contains("refused");
        return Internal.shoalException(ErrorKind.PROXY, "cannot connect to proxy " + proxy.address() + ": "
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
