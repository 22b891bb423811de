package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request being answered by a {@link FaultServer} route: its parsed path and query, and the ways to
 * answer it — a well-formed response through the HTTP encoder, raw bytes that skip the encoder, a reset.
 */
final class Exchange {
    final RecordedRequest request;
    final boolean keepAlive;
    final boolean head;
    private final ChannelHandlerContext ctx;
    private final QueryStringDecoder target;

    Exchange(ChannelHandlerContext ctx, RecordedRequest request, boolean keepAlive) {
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = keepAlive;
        this.head = "HEAD".equals(request.method());
        this.target = new QueryStringDecoder(request.uri());
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    /** Path segment i: for {@code /status/404}, 0 is "status" and 1 is "404"; "" when absent. */
    String segment(int i) {
        String[] parts = target.path().substring(1).split("/", -1);
        return i < parts.length ? parts[i] : "";
    }

    /** The path segment as a non-negative number, or -1 when missing or not a number. */
    long number(int segment) {
        try {
            return Math.max(-1, Long.parseLong(segment(segment)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String query(String name, String fallback) {
        List<String> values = target.parameters().get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    long query(String name, long fallback) {
        try {
            return Long.parseLong(query(name, Long.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    void sendText(int status, String text) {
        send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, String contentType, byte[] body) {
        FullHttpResponse response = response(status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        send(response);
    }

    static FullHttpResponse response(int status, byte[] body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
    }

    /**
     * Sends a complete response: Content-Length from its content (none on 1xx/204/304), no body for HEAD,
     * and closes afterwards unless both the request and the response keep the connection alive.
     */
    void send(FullHttpResponse response) {
        int code = response.status().code();
        FullHttpResponse out = response;
        if (code < 200 || code == 204 || code == 304) {
            response.content().clear();
            response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        } else if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        if (head) {
            out = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
        }
        boolean close = !keepAlive || !HttpUtil.isKeepAlive(out);
        if (close) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    /** Writes a message through the HTTP encoder without flushing (for streamed bodies). */
    void write(HttpObject message) {
        ctx.write(message, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    /** Writes bytes straight to the socket, bypassing the HTTP encoder. */
    void writeRaw(ByteBuf bytes) {
        ctx.pipeline().context(HttpServerCodec.class).writeAndFlush(bytes, ctx.voidPromise());
    }

    void writeRawThenClose(ByteBuf bytes) {
        ctx.pipeline().context(HttpServerCodec.class).writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
    }

    void later(long millis, Runnable action) {
        ctx.executor().schedule(action, millis, TimeUnit.MILLISECONDS);
    }

    /** Closes with SO_LINGER 0, so the client sees a TCP RST instead of an orderly FIN. */
    void reset() {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.channel().close();
    }

    void close() {
        ctx.close();
    }
}
