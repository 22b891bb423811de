package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers every request with a pre-encoded 200: {@code /delay/{ms}[?bytes=N]} after ms milliseconds on an
 * event-loop timer, anything else at once. Pipelined requests are answered in order.
 */
final class LatencyHandler extends ChannelInboundHandlerAdapter {
    static final int DEFAULT_BODY_BYTES = 32;
    private static final int MAX_BODY_BYTES = 256 << 20;

    private final PreEncodedResponses responses;
    private final LongAdder requests;
    private final ArrayDeque<PendingReply> waiting = new ArrayDeque<>();

    LatencyHandler(PreEncodedResponses responses, LongAdder requests) {
        this.responses = responses;
        this.requests = requests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                requests.increment();
                if (request.decoderResult().isFailure()) {
                    ctx.close();
                    return;
                }
                answer(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg); // request bodies are read and dropped
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // clients resetting connections is routine under load; nothing to report
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        String uri = request.uri();
        long delayMillis = 0;
        int bodyBytes = DEFAULT_BODY_BYTES;
        if (uri.startsWith("/delay/")) {
            int queryStart = uri.indexOf('?');
            delayMillis = parse(uri.substring("/delay/".length(), queryStart < 0 ? uri.length() : queryStart), 0);
            if (queryStart >= 0) {
                bodyBytes = (int) Math.min(MAX_BODY_BYTES, parse(queryValue(uri, queryStart, "bytes"), DEFAULT_BODY_BYTES));
            }
        }
        PendingReply reply = new PendingReply(bodyBytes, HttpUtil.isKeepAlive(request), HttpMethod.HEAD.equals(request.method()));
        if (delayMillis == 0 && waiting.isEmpty()) {
            reply.writeTo(ctx, responses);
            return;
        }
        waiting.add(reply);
        if (delayMillis == 0) {
            reply.ready = true;
        } else {
            ctx.executor().schedule(() -> {
                reply.ready = true;
                writeReadyReplies(ctx);
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Answers go out in request order: a fast answer waits behind a slower one pipelined before it. */
    private void writeReadyReplies(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && waiting.peek().ready) {
            waiting.poll().writeTo(ctx, responses);
        }
    }

    private static final class PendingReply {
        final int bodyBytes;
        final boolean keepAlive;
        final boolean headOnly;
        boolean ready;

        PendingReply(int bodyBytes, boolean keepAlive, boolean headOnly) {
            this.bodyBytes = bodyBytes;
            this.keepAlive = keepAlive;
            this.headOnly = headOnly;
        }

        void writeTo(ChannelHandlerContext ctx, PreEncodedResponses responses) {
            write(ctx, responses.response(bodyBytes, keepAlive, headOnly), keepAlive);
        }
    }

    private static void write(ChannelHandlerContext ctx, ByteBuf response, boolean keepAlive) {
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String queryValue(String uri, int queryStart, String name) {
        for (String pair : uri.substring(queryStart + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static long parse(String digits, long fallback) {
        try {
            return Math.max(0, Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
