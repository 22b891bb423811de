package dev.shoal.internal.pool;

import dev.shoal.ErrorKind;
import dev.shoal.HttpVersionPolicy;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.TlsProvider;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.dial.Dial;
import dev.shoal.internal.dial.Dialer;
import dev.shoal.internal.proxy.ProxyRoute;
import dev.shoal.internal.proxy.ProxyRoutes;
import dev.shoal.internal.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * Opens connections: TCP (epoll where available) or a Unix domain socket when the config names one, through a
 * proxy tunnel when the origin's route has one,
 * then TLS for https with the host name verified and ALPN offering h2 (unless the policy is HTTP/1.1 only),
 * then the handlers of the protocol agreed on (made by the {@link Protocols} handed in), all within the
 * connect timeout.
 */
public final class ConnectionFactory implements Connector {
    private final Bootstrap bootstrap;
    /** For every connection when the config names a Unix domain socket, else null. */
    private final Bootstrap unixSocket;
    private final ShoalConfig config;
    private volatile SslContext sslContext;  // built on the first https connection: TLS set-up costs ~0.1 s
    /** Every connection registered with an event loop and not yet closed, so that closing the client closes them all. */
    private final ChannelGroup registered = new DefaultChannelGroup("shoal connections", GlobalEventExecutor.INSTANCE);
    private volatile boolean closing;
    private final ProxyRoutes proxies;
    private final Dialer dialer;
    private final Protocols protocols;
    /** The protocol handlers' readiness, per channel: Happy Eyeballs may open several for one connect. */
    private static final AttributeKey<CompletableFuture<Connection>> PROTOCOL_READY = AttributeKey.valueOf("shoal.protocolReady");

    public ConnectionFactory(EventLoopGroup group, ChannelFactory<? extends SocketChannel> channels,
                             Dialer dialer, ShoalConfig config, ProxyRoutes proxies, Protocols protocols) {
        this.config = config;
        this.proxies = proxies;
        this.dialer = dialer;
        this.protocols = protocols;
        if (config.trustedCertificates() != null || config.tlsProvider() == TlsProvider.OPENSSL
                || config.clientCertificate() != null) {
            // a bad CA file or client key, or OpenSSL asked for where it does not load, is a configuration error: say so now
            sslContext = TlsContexts.forClient(config);
        }
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(channels)  // a constructor reference: Netty's default creates each channel by reflection
                .resolver(NoopAddressResolverGroup.INSTANCE)  // the dialer resolves, then connects to addresses
                // Netty 4.1's pooled allocator, not 4.2's adaptive default: less wall and CPU time for some more
                // resident memory (bench/README.md, "Figures behind code choices")
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis > 0 ? connectMillis : 0);
        this.unixSocket = config.unixSocket() == null ? null : new Bootstrap()
                .group(group)
                .channelFactory(EpollDomainSocketChannel::new)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis > 0 ? connectMillis : 0);
    }

    /** Whether a connection to {@code origin} may turn out to be HTTP/2 (so one may serve many callers). */
    public boolean mayMultiplex(Origin origin) {
        return switch (config.httpVersion()) {
            case HTTP_1_1 -> false;
            case HTTP_2 -> origin.isHttps();
            case HTTP_2_PRIOR_KNOWLEDGE -> true;
        };
    }

    /** A new, ready connection to {@code origin} for {@code call}; the call's end stops the connect. */
    public CompletableFuture<Connection> connect(Origin origin, Call call) {
        return open(origin, call.loop(), call, call.events());
    }

    /**
     * A new, ready connection that several callers wait for: no single caller's end stops it. Its set-up is
     * told to {@code events}: those of the caller it was opened on behalf of.
     */
    public CompletableFuture<Connection> connectShared(Origin origin, EventLoop loop, Events events) {
        return open(origin, loop, null, events);
    }

    /**
     * TCP, then TLS with ALPN for https, then the protocol's handlers, all within the connect timeout. Never
     * throws: whatever fails, even before there is a channel, is the returned future's failure.
     */
    private CompletableFuture<Connection> open(Origin origin, EventLoop loop, Call abortWith, Events events) {
        try {
            return openChannel(origin, loop, abortWith, new SetupClock(events, origin));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(Errors.connectFailure(e, origin));
        }
    }

    private CompletableFuture<Connection> openChannel(Origin origin, EventLoop loop, Call abortWith, SetupClock clock) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        // the caller hears of a failure after the step under way has ended with it
        CompletableFuture<Connection> told = new CompletableFuture<>();
        result.whenComplete((c, e) -> {
            if (e != null) {
                clock.failed(e);
                told.completeExceptionally(e);
            } else {
                told.complete(c);
            }
        });
        ProxyRoute route = unixSocket != null ? ProxyRoute.DIRECT : proxies.select(origin);
        Dial[] dialed = new Dial[1];  // the timer needs the dial, which registers channels (and so adds the timer) as it is made
        long timeout = config.connectTimeout().toNanos();
        // the loop the channel was meant for, not ch.eventLoop(): a socket that could not be created or registered
        // (EMFILE, ENOBUFS) has none, and its failed future is all there is to answer the caller with
        ConnectTimer timer = timeout <= 0 ? null : new ConnectTimer(loop, timeout, () -> dialed[0].addressesKnown(), () -> {
            if (result.completeExceptionally(connectTimeout(origin, dialed[0], route))) {
                dialed[0].close();
            }
        });
        Bootstrap b = (unixSocket != null ? unixSocket : bootstrap).clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                CompletableFuture<Connection> protocolReady = new CompletableFuture<>();
                ch.attr(PROTOCOL_READY).set(protocolReady);
                ChannelPipeline p = ch.pipeline();
                if (timer != null) {
                    p.addFirst("connect-timer", timer);  // next to the socket: it sees the connect when it is made
                }
                route.addTunnelHandler(p);
                if (origin.isHttps()) {
                    p.addLast("tls", newSslHandler(ch, origin));
                    p.addLast("alpn", new ProtocolNegotiation(origin, protocolReady));
                } else {
                    installProtocol(ch, origin, cleartextProtocol(), protocolReady);
                }
                registered.add(ch);
                // a connect the client's close raced with: closed here, as closeAll may have missed it
                if (closing) {
                    ch.close();
                }
            }
        });
        // over a Unix socket, no name to resolve and no proxy: the URL gives the Host header, the path and TLS
        Dial dial = unixSocket != null ? Dial.of(b.connect(new DomainSocketAddress(config.unixSocket().toString())))
                : route.connect(b, loop, origin, dialer);
        dialed[0] = dial;
        clock.dialing(dial, loop);
        if (abortWith != null) {
            abortWith.onAbort(dial::close);
        }
        if (timer != null) {
            timer.start();
            result.whenComplete((c, e) -> timer.cancel());
        }
        dial.channel().whenComplete((ch, error) -> {
            if (error != null) {
                result.completeExceptionally(unixSocket != null ? unixSocketFailure(error, origin) : Errors.connectFailure(error, origin));
                return;
            }
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            clock.connected(ch, tls != null);
            if (tls != null) {
                tls.handshakeFuture().addListener(h -> {
                    clock.handshakeDone(h.cause());
                    if (!h.isSuccess()) {
                        ch.close();
                        result.completeExceptionally(Internal.shoalException(ErrorKind.TLS,
                                "TLS handshake with " + origin + " failed: " + handshakeFailure(h.cause()), h.cause()));
                    }
                });
            }
            ch.attr(PROTOCOL_READY).get().whenComplete((c, e) -> {
                if (e != null) {
                    ch.close();
                    result.completeExceptionally(Errors.connectFailure(e, origin));
                } else {
                    clock.ready(c);
                    if (!result.complete(c)) {
                        ch.close();  // timed out meanwhile
                    }
                }
            });
        });
        return told;
    }

    /** A Unix socket that could not be connected (no such file, nobody listening, no permission): refused. */
    private ShoalException unixSocketFailure(Throwable error, Origin origin) {
        ShoalException e = Errors.connectFailure(error, origin);
        if (e.kind() == ErrorKind.CONNECT_TIMEOUT || e.kind() == ErrorKind.IO) {
            return e;
        }
        return Internal.shoalException(ErrorKind.CONNECT_REFUSED, "cannot connect to Unix socket " + config.unixSocket()
                + " (" + origin + "): " + Errors.rootMessage(error), error);
    }

    /** The connect timeout's error: kind {@code dns} while the host's addresses are still being asked for. */
    private ShoalException connectTimeout(Origin origin, Dial dial, ProxyRoute route) {
        long ms = config.connectTimeout().toMillis();
        // through a proxy, the wait may be the proxy's (a CONNECT it never answers): say which one
        String via = route.proxy() == null ? "" : " via proxy " + route.proxy().address();
        return dial.addressesKnown()
                ? Internal.shoalException(ErrorKind.CONNECT_TIMEOUT, "connect timed out after " + ms + " ms (" + origin + via + ")")
                : Internal.shoalException(ErrorKind.DNS, "cannot resolve " + origin.host() + ": no answer within the connect timeout ("
                        + ms + " ms)");
    }

    private String cleartextProtocol() {
        return config.httpVersion() == HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE
                ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1;
    }

    /**
     * Puts the handlers of the agreed protocol (ALPN's pick over TLS, the policy's in cleartext) on the channel;
     * {@code ready} completes when the connection may take exchanges.
     */
    private void installProtocol(Channel ch, Origin origin, String protocol, CompletableFuture<Connection> ready) {
        Connection c = protocols.install(ch, origin, protocol);
        c.ready().whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else {
                ready.complete(c);
            }
        });
    }

    /** After the TLS handshake: installs what ALPN agreed on (HTTP/1.1 when the server said nothing). */
    private final class ProtocolNegotiation extends ApplicationProtocolNegotiationHandler {
        private final Origin origin;
        private final CompletableFuture<Connection> ready;

        ProtocolNegotiation(Origin origin, CompletableFuture<Connection> ready) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.origin = origin;
            this.ready = ready;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            installProtocol(ctx.channel(), origin, protocol, ready);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();  // a failed handshake is reported by the connect, not logged here
        }
    }

    private SslContext sslContext() {
        SslContext c = sslContext;
        if (c == null) {
            synchronized (this) {
                c = sslContext;
                if (c == null) {
                    sslContext = c = TlsContexts.forClient(config);
                }
            }
        }
        return c;
    }

    /**
     * Closes every connection, while the event loops still run, and any later one as soon as it is registered.
     * Shutting the loops down is not enough: a Netty 4.2 loop closes its channels only when it sees the shutdown
     * before running its tasks, and one told while running them ends, with no quiet period, without closing any;
     * their sockets stay open after the loops have ended, where nothing closes them (CloseUnderLoadTest).
     */
    public void closeAll(long timeoutMillis) {
        closing = true;
        registered.close().awaitUninterruptibly(timeoutMillis);
    }

    /**
     * Releases the TLS context, once the client's connections are closed (its event loops shut down):
     * OpenSSL's context holds native memory until released. The client that made this factory calls it.
     */
    public synchronized void close() {
        ReferenceCountUtil.release(sslContext);
        sslContext = null;
    }

    /** The origin's host and port key the session cache, so a later connection there resumes the session. */
    private SslHandler newSslHandler(Channel ch, Origin origin) {
        SslHandler handler = sslContext().newHandler(ch.alloc(), origin.host(), origin.port());
        handler.setHandshakeTimeoutMillis(0);  // the connect timeout covers the handshake
        return handler;
    }

    /**
     * Why a TLS handshake failed, in words: a close or reset during it, or an answer that is not TLS, named
     * plainly instead of by Netty's exception class or a hex dump of the server's bytes.
     */
    static String handshakeFailure(Throwable t) {
        Throwable c = Errors.rootCause(t);
        if (c instanceof ClosedChannelException) {
            return "the connection closed during the handshake";
        }
        if (c instanceof NotSslRecordException) {
            return "the server's answer is not TLS (not an SSL/TLS record)";
        }
        return Errors.rootMessage(t);
    }
}
