package dev.shoal.internal.http2;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.exchange.HeaderStrings;
import dev.shoal.internal.pool.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.StreamBufferingEncoder;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.CompletableFuture;

/**
 * An HTTP/2 connection: Netty's frame codec and multiplexer, one child stream channel per
 * {@link Http2Exchange}. It carries as many exchanges at once as the server's SETTINGS_MAX_CONCURRENT_STREAMS
 * allow, is ready once the server's first SETTINGS arrived, and takes no new exchange after a GOAWAY: the
 * pool closes it when its last stream ends.
 */
public final class Http2Connection extends Connection {
    /** Per-stream receive window: a stream may run ahead of our reads by this much (the default 64 KiB throttles). */
    static final int STREAM_WINDOW = 1 << 20;
    /** Receive window shared by all streams of the connection, at least. */
    static final int CONNECTION_WINDOW = 16 << 20;
    static final int MAX_HEADER_LIST_BYTES = 256 * 1024;

    private final ShoalConfig config;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Http2StreamChannelBootstrap streams;
    private volatile int maxStreams;
    private volatile boolean goingAway;
    /** Why the connection failed (an HTTP/2 violation by the server, say), or null. */
    private volatile ShoalException failure;
    private int completedStreams;
    /** Response header Strings shared with the previous response on this connection (its streams share one event loop). */
    final HeaderStrings responseHeaders = new HeaderStrings();

    public Http2Connection(Channel channel, Origin origin, ShoalConfig config) {
        super(channel, origin);
        this.config = config;
    }

    /** Appends the frame codec, the stream multiplexer and the watcher of connection-level frames. */
    public void addHandlers(ChannelPipeline p) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings()
                        .pushEnabled(false)
                        .initialWindowSize(STREAM_WINDOW)
                        .maxHeaderListSize(MAX_HEADER_LIST_BYTES))
                // the pool keeps within the server's stream limit; this only covers a slot handed on a moment
                // before Netty closed its stream, or a limit the server lowers while streams are open
                .encoderEnforceMaxConcurrentStreams(true)
                .build();
        p.addLast("h2", codec);
        p.addLast("streams", new Http2MultiplexHandler(new RefusePushedStreams()));
        p.addLast("connection", new ConnectionEvents());
        streams = new Http2StreamChannelBootstrap(channel);
    }

    @Override
    public String protocol() {
        return "h2";
    }

    @Override
    public boolean isMultiplexed() {
        return true;
    }

    @Override
    public int capacity() {
        return goingAway ? 0 : maxStreams;
    }

    @Override
    public boolean acceptsExchanges() {
        return !goingAway && channel.isActive();
    }

    @Override
    protected CompletableFuture<Void> ready() {
        return ready;
    }

    ShoalConfig config() {
        return config;
    }

    /** Why the connection failed, when the codec said (an HTTP/2 connection error, say); else null. */
    ShoalException failure() {
        return failure;
    }

    @Override
    public CompletableFuture<Response> exchange(Call call, Hop hop) {
        Http2Exchange ex = new Http2Exchange(this, call, hop);
        if (channel.eventLoop().inEventLoop()) {
            begin(ex);
        } else {
            channel.eventLoop().execute(() -> begin(ex));
        }
        return ex.result();
    }

    private void begin(Http2Exchange ex) {
        if (ex.call().isDone()) {
            ex.abandon();
            release(true);
            return;
        }
        if (!acceptsExchanges()) {
            ex.notStarted(null);
            return;
        }
        // a stale connection is one that sat idle after serving: streams opened side by side on a new one are not
        boolean reused = completedStreams > 0;
        streams.open().addListener(f -> {
            if (f.isSuccess()) {
                ex.start((Http2StreamChannel) f.getNow(), reused);
            } else {
                ex.notStarted(f.cause());
            }
        });
    }

    /** Called by an exchange when it has ended: its slot goes back to the pool. */
    void streamEnded(boolean completed) {
        if (completed) {
            completedStreams++;
        }
        release(true);
    }

    /**
     * The connection's receive window: room for every stream this client may have open on it (at most
     * {@code maxPerHost}) to run a whole stream window ahead, and one more. A streamed body whose caller stops
     * reading keeps its stream's window, and with it as much of the connection's, unreturned (that is its
     * backpressure); with less room, a few such bodies would stall every other request on the connection.
     * What is held stays bounded by the stream windows, which only streams paused by their callers fill.
     */
    static int connectionWindow(int maxPerHost) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(CONNECTION_WINDOW, (maxPerHost + 1L) * STREAM_WINDOW));
    }

    /** Maps what the codec throws to an error kind: an HTTP/2 violation is {@code protocol}. */
    static ShoalException failure(Throwable t) {
        if (t instanceof ShoalException se) {
            return se;
        }
        Http2Exception h2 = Http2CodecUtil.getEmbeddedHttp2Exception(t);
        if (h2 instanceof StreamBufferingEncoder.Http2ChannelClosedException) {
            return Errors.closed("connection closed", h2);
        }
        if (h2 != null) {
            return Internal.shoalException(ErrorKind.PROTOCOL, "HTTP/2 " + h2.error() + ": " + h2.getMessage(), h2);
        }
        return Errors.exchangeFailure(t);
    }

    /** Readiness, stream limit and GOAWAY from the connection-level frames; the connection's end. */
    private final class ConnectionEvents extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame settings) {
                    Long limit = settings.settings().maxConcurrentStreams();
                    if (limit != null) {
                        maxStreams = (int) Math.min(Integer.MAX_VALUE, limit);
                    } else if (!ready.isDone()) {
                        maxStreams = Integer.MAX_VALUE;  // no limit until the server names one (RFC 9113 6.5.2)
                    }
                    if (!ready.isDone()) {
                        ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(
                                connectionWindow(config.maxPerHost()) - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
                        ready.complete(null);
                    } else {
                        changed();
                    }
                } else if (msg instanceof Http2GoAwayFrame) {
                    goingAway = true;
                    changed();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ready.completeExceptionally(Errors.closed("connection closed before the server's HTTP/2 settings", null));
            closed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // before the streams see the connection close: they report this rather than "connection closed"
            ShoalException e = failure(cause);
            if (failure == null) {
                failure = e;
            }
            ready.completeExceptionally(e);
            ctx.close();
        }
    }

    /** Server push is turned off in our settings: a stream the server opens anyway is closed at once. */
    @ChannelHandler.Sharable
    private static final class RefusePushedStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
