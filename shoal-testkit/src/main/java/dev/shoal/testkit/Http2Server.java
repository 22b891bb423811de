package dev.shoal.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.logging.LogLevel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * An in-process HTTP/2 server on 127.0.0.1 for tests: cleartext h2 with prior knowledge, or TLS whose ALPN
 * offers h2 and http/1.1 (or only http/1.1, to test a client's fallback). It can advertise a stream limit
 * and send GOAWAY after some requests on each connection, as servers with a per-connection request limit do.
 * It counts what a test asserts on: connections, requests per protocol, the most streams open at once on
 * one connection, streams refused for exceeding the limit.
 *
 * <pre>
 * /bytes/{n}     n deterministic bytes (the same as FaultServer's)
 * /gzip/{n}      those bytes gzip-encoded
 * /delay/{ms}    32 bytes after ms milliseconds
 * /echo          any method: the request body back, the method in x-echo-method
 * /status/{code} that status
 * /reset/{code}  RST_STREAM with that error code instead of an answer
 * /refuse-once/{key}  RST_STREAM(REFUSED_STREAM) the first time, then 200 (an unprocessed stream to replay)
 * </pre>
 */
public final class Http2Server implements AutoCloseable {
    private final Builder settings;
    private final SslContext tls;
    private final ConnectionTracker connections = new ConnectionTracker();
    private final AtomicInteger accepted = new AtomicInteger();
    private final LongAdder h2Requests = new LongAdder();
    private final LongAdder http1Requests = new LongAdder();
    private final AtomicInteger maxStreams = new AtomicInteger();
    private final AtomicInteger refusedStreams = new AtomicInteger();
    private final AtomicReference<Map<String, String>> lastHeaders = new AtomicReference<>(Map.of());
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final ServerTransport transport;

    private Http2Server(Builder settings) {
        this.settings = settings;
        this.tls = settings.certificate == null ? null : serverTls(settings);
        this.transport = ServerTransport.bind("shoal-h2", 2, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                accepted.incrementAndGet();
                ch.pipeline().addLast(connections);
                if (tls == null) {
                    addHttp2(ch.pipeline());
                    return;
                }
                ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ApplicationProtocolNegotiationHandler(
                        ApplicationProtocolNames.HTTP_1_1) {
                    @Override
                    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                            addHttp2(ctx.pipeline());
                        } else {
                            ctx.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 << 20),
                                    new Http1Responder(Http2Server.this));
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();  // a client refusing our certificate is what some tests want
                    }
                });
            }
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Cleartext h2 with prior knowledge, no stream limit, no GOAWAY. */
    public static Http2Server start() {
        return builder().start();
    }

    private void addHttp2(ChannelPipeline p) {
        Http2Settings initial = Http2Settings.defaultSettings();
        if (settings.maxConcurrentStreams > 0) {
            initial.maxConcurrentStreams(settings.maxConcurrentStreams);
        }
        if (settings.initialWindowSize >= 0) {
            initial.initialWindowSize(settings.initialWindowSize);
        }
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(initial)
                .frameLogger(new RefusalCounter())
                .build();
        Http2StreamResponder.Connection state = new Http2StreamResponder.Connection(this, codec);
        p.addLast(codec, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamResponder(state));
            }
        }));
    }

    private static SslContext serverTls(Builder settings) {
        try {
            return SslContextBuilder.forServer(settings.certificate.keyManagerFactory())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, settings.alpn))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the test server's TLS", e);
        }
    }

    public int port() {
        return transport.port();
    }

    /** {@code https://127.0.0.1:PORT/path} with TLS, {@code http://...} without. */
    public String url(String pathAndQuery) {
        String path = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port() + path;
    }

    /** TCP connections accepted since start. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    public int openConnections() {
        return connections.open();
    }

    /** Requests answered over HTTP/2. */
    public long h2Requests() {
        return h2Requests.sum();
    }

    /** Requests answered over HTTP/1.1 (after ALPN chose it). */
    public long http1Requests() {
        return http1Requests.sum();
    }

    /** The most streams open at the same time on any one connection. */
    public int maxConcurrentStreamsSeen() {
        return maxStreams.get();
    }

    /** Streams refused with REFUSED_STREAM because the client went past the advertised limit. */
    public int refusedStreams() {
        return refusedStreams.get();
    }

    /** The header fields of the latest request (HTTP/2 pseudo-headers included), names in lower case. */
    public Map<String, String> lastRequestHeaders() {
        return lastHeaders.get();
    }

    int goAwayAfter() {
        return settings.goAwayAfter;
    }

    /** True the first time {@code key} is asked about. */
    boolean firstTime(String key) {
        return refused.add(key);
    }

    void streamsOpen(int n) {
        maxStreams.accumulateAndGet(n, Math::max);
    }

    void requestArrived(boolean h2, Map<String, String> headers) {
        (h2 ? h2Requests : http1Requests).increment();
        lastHeaders.set(headers);
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Counts the RST_STREAM(REFUSED_STREAM) frames the codec sends. */
    private final class RefusalCounter extends Http2FrameLogger {
        RefusalCounter() {
            super(LogLevel.TRACE, Http2Server.class);
        }

        @Override
        public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
            if (direction == Direction.OUTBOUND && errorCode == Http2Error.REFUSED_STREAM.code()) {
                refusedStreams.incrementAndGet();
            }
            super.logRstStream(direction, ctx, streamId, errorCode);
        }
    }

    /** How the server behaves; every setting is optional. */
    public static final class Builder {
        private TestCertificate certificate;
        private String[] alpn = {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1};
        private int maxConcurrentStreams;
        private int goAwayAfter;
        private int initialWindowSize = -1;

        private Builder() {
        }

        /** Serves TLS with this certificate, choosing the protocol by ALPN. */
        public Builder tls(TestCertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** The protocols ALPN accepts, in the server's order (default h2, http/1.1). */
        public Builder alpn(String... protocols) {
            this.alpn = protocols.clone();
            return this;
        }

        /** Advertises SETTINGS_MAX_CONCURRENT_STREAMS (default: no limit). */
        public Builder maxConcurrentStreams(int n) {
            this.maxConcurrentStreams = n;
            return this;
        }

        /** Sends GOAWAY when the n-th request of a connection arrives: later streams are not processed. */
        public Builder goAwayAfter(int n) {
            this.goAwayAfter = n;
            return this;
        }

        /** Advertises SETTINGS_INITIAL_WINDOW_SIZE: how many bytes of a request body may come before the server reads them. */
        public Builder initialWindowSize(int bytes) {
            this.initialWindowSize = bytes;
            return this;
        }

        public Http2Server start() {
            return new Http2Server(this);
        }
    }
}
