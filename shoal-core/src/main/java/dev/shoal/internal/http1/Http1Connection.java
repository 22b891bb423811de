package dev.shoal.internal.http1;

import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.exchange.HeaderStrings;
import dev.shoal.internal.pool.Connection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A keep-alive HTTP/1.1 connection: Netty's codec does the protocol, this handler runs one
 * {@link Http1Exchange} at a time and notices when the server closes the connection while it is idle.
 */
public final class Http1Connection extends Connection {
    /** Large enough for real-world cookies and redirects, small enough to refuse a flood of header bytes. */
    static final int MAX_HEADER_BYTES = 256 * 1024;
    static final int MAX_INITIAL_LINE = 16 * 1024;

    private final ShoalConfig config;
    private Http1Exchange current;
    private ResponseDecoder decoder;
    long lastReadNanos;
    private Origin hostOrigin;
    private AsciiString host;
    /** How a deadline or a cancel ends the exchange in progress: one per connection, not per request. */
    final Runnable closeChannel = channel::close;
    /** Response header Strings shared with the previous response on this connection. */
    final HeaderStrings responseHeaders = new HeaderStrings();
    private final ReadWatch readWatch;

    public Http1Connection(Channel channel, Origin origin, ShoalConfig config) {
        super(channel, origin);
        this.config = config;
        this.readWatch = new ReadWatch(config.readTimeout().toNanos());
        // a failed write shuts only the output: a server that answered before it stopped reading our body (a 413)
        // and reset the connection still has its answer read (Http1Exchange)
        channel.config().setAutoClose(false);
    }

    /** Appends this connection's handlers: a byte-arrival clock, the codec, the exchange driver. */
    public void addHandlers(ChannelPipeline p) {
        p.addLast("activity", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                lastReadNanos = System.nanoTime();
                Http1Exchange ex = current;
                if (ex == null) {
                    ReferenceCountUtil.release(msg);
                    ctx.close();  // bytes nobody asked for would be read as the start of the next response
                    return;
                }
                ex.bytesArrived();
                ctx.fireChannelRead(msg);
            }
        });
        decoder = new ResponseDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(false));
        p.addLast("decoder", decoder);
        p.addLast("encoder", new HttpRequestEncoder());
        p.addLast("exchange", new Driver());
    }

    /** True when no TLS sits under the codec: a file region can then go to the socket as it is. */
    boolean isCleartext() {
        return channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * The writer of streamed request bodies, added under the codec the first time this connection sends one:
     * it writes chunks only while the socket can take them, and resumes when it can again.
     */
    ChunkedWriteHandler chunkedWriter() {
        ChunkedWriteHandler writer = channel.pipeline().get(ChunkedWriteHandler.class);
        if (writer == null) {
            writer = new ChunkedWriteHandler();
            channel.pipeline().addBefore("exchange", "chunked-writer", writer);
        }
        return writer;
    }

    @Override
    public String protocol() {
        return "http/1.1";
    }

    /** The decoder of this connection's responses. */
    ResponseDecoder decoder() {
        return decoder;
    }

    ShoalConfig config() {
        return config;
    }

    /** The Host field for a request to {@code origin}, kept while the connection's requests go to the same one. */
    AsciiString host(Origin origin) {
        if (!origin.equals(hostOrigin)) {
            host = new AsciiString(origin.authority());
            hostOrigin = origin;
        }
        return host;
    }

    @Override
    public CompletableFuture<Response> exchange(Call call, Hop hop) {
        Http1Exchange ex = new Http1Exchange(this, call, hop);
        if (channel.eventLoop().inEventLoop()) {
            begin(ex);
        } else {
            channel.eventLoop().execute(new Begin(ex));
        }
        return ex.result();
    }

    /** An exchange to begin on the connection's event loop (a class: see the package-info of dev.shoal.internal). */
    private final class Begin implements Runnable {
        private final Http1Exchange exchange;

        Begin(Http1Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void run() {
            begin(exchange);
        }
    }

    private void begin(Http1Exchange ex) {
        boolean reused = beginExchange();
        if (ex.call().isDone()) {
            ex.abandon();
            release(true);
            return;
        }
        current = ex;
        ex.start(reused);
    }

    /** The exchange now starting has the read timeout watched (on the event loop). */
    void watchReads() {
        readWatch.watch();
    }

    /**
     * The read timeout of this connection's exchanges, one at a time: one timer per connection, set when an
     * exchange starts and none is set, and set again only when it goes off during an exchange, for the rest of
     * that exchange's timeout. An exchange that ends leaves it set; one that starts meanwhile has an earlier
     * timer than it needs, which sets itself again. (Setting a timer per exchange and taking it back at the
     * response cost two changes to the event loop's timer queue per request.) Runs on the event loop only.
     */
    private final class ReadWatch implements Runnable {
        private final long timeout;
        private ScheduledFuture<?> timer;

        ReadWatch(long timeout) {
            this.timeout = timeout;
        }

        void watch() {
            if (timeout > 0 && timer == null) {
                timer = channel.eventLoop().schedule(this, timeout, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void run() {
            timer = null;
            Http1Exchange ex = current;
            if (ex == null) {
                return;  // idle (in the pool): the next exchange sets the timer
            }
            long next = ex.checkRead(timeout);
            if (next > 0) {
                timer = channel.eventLoop().schedule(this, next, TimeUnit.NANOSECONDS);
            }
        }

        /** The connection has closed: its timer goes, rather than hold the connection until it goes off. */
        void stop() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }

    /** Called by the exchange when it has ended; the connection goes back to the pool or is closed. */
    void finished(Http1Exchange ex, boolean reusable) {
        if (current == ex) {
            current = null;
        }
        release(reusable);
    }

    /** Routes the codec's messages to the exchange in progress. */
    private final class Driver extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Http1Exchange ex = current;
            if (ex == null) {
                ReferenceCountUtil.release(msg);
                ctx.close();  // a response nobody asked for: the connection is out of step
                return;
            }
            ex.onMessage(msg);
            lastReadNanos = System.nanoTime();  // time spent on our side (decoding) is not the server's silence
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Http1Exchange ex = current;
            if (ex != null) {
                ex.onClosed();
            }
            readWatch.stop();
            closed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Http1Exchange ex = current;
            if (ex != null) {
                ex.fail(Errors.exchangeFailure(cause));
            }
            ctx.close();
        }
    }
}
