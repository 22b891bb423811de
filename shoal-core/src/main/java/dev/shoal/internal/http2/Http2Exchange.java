package dev.shoal.internal.http2;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.UnprocessedRequestException;
import dev.shoal.internal.exchange.HttpExchange;
import dev.shoal.internal.exchange.RequestHeaders;
import dev.shoal.internal.upload.RequestBodies;
import dev.shoal.internal.upload.Upload;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataChunkedInput;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.StreamBufferingEncoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.Locale;
import java.util.Set;

/**
 * One request and its response on its own HTTP/2 stream: writes HEADERS (and DATA), turns the response
 * frames into head and body, skips 1xx heads and ignores trailers. Ending early (deadline, cancel, limit)
 * resets only this stream. A stream the server did not process — above a GOAWAY's last stream, or
 * REFUSED_STREAM — fails as unprocessed, so it goes again elsewhere. Runs on the connection's event loop.
 */
final class Http2Exchange extends HttpExchange {
    /** Meaningful only to one HTTP/1.1 hop; RFC 9113 8.2.2 forbids them in HTTP/2. */
    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    private final Http2Connection connection;
    private Http2StreamChannel stream;
    private boolean unprocessed;
    private long lastReadNanos;

    Http2Exchange(Http2Connection connection, Call call, Hop hop) {
        super(call, hop, connection.config());
        this.connection = connection;
    }

    void start(Http2StreamChannel stream, boolean reused) {
        this.stream = stream;
        this.reused = reused;
        call.onAbort(stream::close);  // the deadline or a cancel resets this stream, not the connection
        stream.pipeline().addLast(new StreamHandler());
        lastReadNanos = System.nanoTime();
        startReadTimer(stream.eventLoop());
        Upload upload;
        Object data;
        try {
            upload = Upload.open(hop.body());
            data = upload.length() == 0 ? null
                    : upload.bytes() != null ? new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(upload.bytes()), true)
                    : streamed(upload);
        } catch (ShoalException e) {
            fail(e);
            return;
        }
        DefaultHttp2HeadersFrame headers = new DefaultHttp2HeadersFrame(encodeHeaders(upload.length()), data == null);
        if (data == null) {
            stream.writeAndFlush(headers).addListener(f -> sent(f.isSuccess(), f.cause()));
        } else {
            stream.write(headers).addListener(f -> {
                if (!f.isSuccess()) sent(false, f.cause());
            });
            ChannelPromise sending = data instanceof Http2DataChunkedInput
                    ? stream.newProgressivePromise().addListener(bodyProgress()) : stream.newPromise();
            stream.writeAndFlush(data, sending).addListener(f -> sent(f.isSuccess(), f.cause()));
        }
    }

    /**
     * A streamed body as DATA frames written while the stream is writable: the stream channel's writability
     * follows the peer's flow-control window, so a window that stays shut holds the upload, not memory.
     */
    private Object streamed(Upload upload) {
        ChunkedWriteHandler writer = new ChunkedWriteHandler();
        stream.pipeline().addFirst(writer);
        return new Http2DataChunkedInput(upload.chunks(stream.eventLoop(), writer::resumeTransfer), stream.stream());
    }

    private Http2Headers encodeHeaders(long length) {
        Http2Headers h = new DefaultHttp2Headers(false);
        String host = hop.headers().get("Host");
        h.method(hop.method()).scheme(hop.origin().scheme()).path(hop.pathAndQuery())
                .authority(host != null ? host : hop.origin().authority());
        RequestHeaders.forEach(hop, config, length, (name, value) -> {
            String n = name.toString().toLowerCase(Locale.ROOT);
            if (CONNECTION_SPECIFIC.contains(n) || (n.equals("te") && !value.toString().equalsIgnoreCase("trailers"))) {
                return;
            }
            h.add(n, value);
        });
        return h;
    }

    private void sent(boolean success, Throwable cause) {
        if (success) {
            requestWritten();
            return;
        }
        if (cause instanceof StreamBufferingEncoder.Http2GoAwayException) {
            unprocessed = true;  // it waited for a stream slot and the connection went away: never sent
        }
        fail(Http2Connection.failure(cause));
    }

    /** The stream could not be opened (the connection is closing or going away): nothing was sent. */
    void notStarted(Throwable cause) {
        unprocessed = true;
        fail(Errors.closed("connection closed before the request was sent", cause));
    }

    private void onHeaders(Http2HeadersFrame frame) {
        Http2Headers h = frame.headers();
        if (hasHead()) {
            if (!frame.isEndStream()) {
                throw Internal.shoalException(ErrorKind.PROTOCOL, "HEADERS after the response head without END_STREAM");
            }
            onEnd(connection.protocol());  // trailers: not part of the response we report
            return;
        }
        int status = status(h);
        if (status >= 100 && status < 200) {
            return;  // 100 Continue, 103 Early Hints: the real response follows
        }
        onHead(status, connection.responseHeaders.copy(h.iterator(), h.size()));
        if (frame.isEndStream()) {
            onEnd(connection.protocol());
        }
    }

    private static int status(Http2Headers h) {
        CharSequence s = h.status();
        try {
            int code = s == null ? -1 : Integer.parseInt(s.toString());
            if (isStatusCode(code)) {
                return code;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw Internal.shoalException(ErrorKind.PROTOCOL, "response without a valid :status (" + s + ")");
    }

    private void onReset(Http2Error error) {
        if (error == Http2Error.REFUSED_STREAM) {
            unprocessed = true;
            fail(Errors.closed("the server refused the stream", null));
        } else if (error == Http2Error.PROTOCOL_ERROR) {
            fail(Internal.shoalException(ErrorKind.PROTOCOL, "stream reset by the server: PROTOCOL_ERROR"));
        } else {
            fail(Errors.closed("stream reset by the server: " + (error == null ? "unknown error" : error.name()), null));
        }
    }

    private void onInactive() {
        if (isDone()) {
            return;
        }
        ShoalException connectionFailure = connection.failure();
        if (connectionFailure != null && connectionFailure.kind() == ErrorKind.PROTOCOL) {
            fail(Internal.shoalException(ErrorKind.PROTOCOL, connectionFailure.getMessage(), connectionFailure));
        } else if (unprocessed) {
            fail(Errors.closed("the server went away (GOAWAY) without processing the request", null));
        } else if (!connection.channel().isActive()) {
            fail(Errors.closed(hasHead()
                    ? "connection closed after " + bodyBytes() + " body bytes, before the response was complete"
                    : "connection closed before any response", null));
        } else {
            fail(Errors.closed("stream closed before the response was complete", null));
        }
    }

    @Override
    protected RuntimeException classify(ShoalException e) {
        if (unprocessed && e.kind() == ErrorKind.CONNECTION_CLOSED && RequestBodies.canSendAgain(hop.body())) {
            return new UnprocessedRequestException(e);
        }
        return super.classify(e);
    }

    @Override
    protected void finished(boolean completed) {
        if (stream != null) {
            stream.close();  // resets the stream unless both sides ended it
        }
        connection.streamEnded(completed);
    }

    @Override
    protected long lastReadNanos() {
        return lastReadNanos;
    }

    /** The stream's own channel: while it does not read, Netty returns no window to the server for it. */
    @Override
    protected io.netty.channel.Channel readChannel() {
        return stream;
    }

    @Override
    protected String protocol() {
        return connection.protocol();
    }

    @Override
    protected void readResumed() {
        lastReadNanos = System.nanoTime();
    }

    /** This stream's frames and events, in the child channel's pipeline. */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                lastReadNanos = System.nanoTime();
                responseStarted = true;
                if (isDone()) {
                    return;
                }
                if (msg instanceof Http2HeadersFrame headers) {
                    onHeaders(headers);
                } else if (msg instanceof Http2DataFrame data) {
                    onBody(data.content());
                    if (data.isEndStream()) {
                        onEnd(connection.protocol());
                    }
                }
            } catch (ShoalException e) {
                fail(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            try {
                if (evt instanceof Http2ResetFrame reset) {
                    onReset(Http2Error.valueOf(reset.errorCode()));
                } else if (evt instanceof Http2GoAwayFrame) {
                    unprocessed = true;  // Netty tells only the streams above the GOAWAY's last stream id
                }
            } finally {
                ReferenceCountUtil.release(evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(Http2Connection.failure(cause));
            ctx.close();
        }
    }
}
