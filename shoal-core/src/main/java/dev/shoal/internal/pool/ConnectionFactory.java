package dev.shoal.internal.pool;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.Call;
import dev.shoal.internal.Errors;
import dev.shoal.internal.Origin;
import dev.shoal.internal.http1.Http1Connection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections: TCP (epoll where available), then TLS for https with the host name verified,
 * all within the connect timeout. Each connection's handlers are assembled here, in one place.
 */
public final class ConnectionFactory {
    private final Bootstrap bootstrap;
    private final ShoalConfig config;
    private final SslContext sslContext;

    public ConnectionFactory(EventLoopGroup group, Class<? extends SocketChannel> channelType,
                             AddressResolverGroup<InetSocketAddress> resolver, ShoalConfig config) {
        this.config = config;
        this.sslContext = buildSslContext(config);
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(channelType)
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis > 0 ? connectMillis : 0);
    }

    private static SslContext buildSslContext(ShoalConfig config) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient();
            if (config.insecure()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (config.trustedCertificates() != null) {
                b.trustManager(config.trustedCertificates().toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** A new, ready connection (TLS handshake done) to {@code origin}, on the call's event loop. */
    public CompletableFuture<Connection> connect(Origin origin, Call call) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Http1Connection[] made = new Http1Connection[1];
        Bootstrap b = bootstrap.clone(call.loop()).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (origin.isHttps()) {
                    p.addLast("tls", newSslHandler(ch, origin));
                }
                made[0] = new Http1Connection(ch, origin, config);
                made[0].addHandlers(p);
            }
        });
        ChannelFuture cf = b.connect(origin.host(), origin.port());
        Channel ch = cf.channel();
        call.onAbort(ch::close);
        long timeout = config.connectTimeout().toNanos();
        ScheduledFuture<?> timer = timeout <= 0 ? null : ch.eventLoop().schedule(() -> {
            if (result.completeExceptionally(new ShoalException(ErrorKind.CONNECT_TIMEOUT,
                    "connect timed out after " + config.connectTimeout().toMillis() + " ms (" + origin + ")"))) {
                ch.close();
            }
        }, timeout, TimeUnit.NANOSECONDS);
        if (timer != null) {
            result.whenComplete((c, e) -> timer.cancel(false));
        }
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(Errors.connectFailure(f.cause(), origin));
                return;
            }
            SslHandler tls = ch.pipeline().get(SslHandler.class);
            if (tls == null) {
                result.complete(made[0]);
                return;
            }
            tls.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    result.complete(made[0]);
                } else {
                    ch.close();
                    result.completeExceptionally(new ShoalException(ErrorKind.TLS,
                            "TLS handshake with " + origin + " failed: " + rootMessage(h.cause()), h.cause()));
                }
            });
        });
        return result;
    }

    private SslHandler newSslHandler(Channel ch, Origin origin) {
        SslHandler handler = sslContext.newHandler(ch.alloc(), origin.host(), origin.port());
        if (!config.insecure()) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        handler.setHandshakeTimeoutMillis(0);  // the connect timeout covers the handshake
        return handler;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
