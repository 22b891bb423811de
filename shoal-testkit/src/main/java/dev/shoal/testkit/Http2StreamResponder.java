package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers one HTTP/2 stream of {@link Http2Server}: collects the request, then writes the route's answer. */
final class Http2StreamResponder extends ChannelInboundHandlerAdapter {

    /** What the streams of one connection share; touched only on that connection's event loop. */
    static final class Connection {
        final Http2Server server;
        final Http2FrameCodec codec;
        int openStreams;
        int requests;
        int lastProcessedStream = Integer.MAX_VALUE;

        Connection(Http2Server server, Http2FrameCodec codec) {
            this.server = server;
            this.codec = codec;
        }
    }

    private final Connection connection;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Http2Headers request;
    private boolean ignored;

    Http2StreamResponder(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.server.streamsOpen(++connection.openStreams);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.openStreams--;
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            boolean end = false;
            if (msg instanceof Http2HeadersFrame headers) {
                if (request == null) {
                    request = headers.headers();
                    arrived(ctx);
                }
                end = headers.isEndStream();
            } else if (msg instanceof Http2DataFrame data) {
                ByteBuf content = data.content();
                content.readBytes(body, content.readableBytes());
                end = data.isEndStream();
            }
            if (end && !ignored) {
                respond(ctx);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);  // ByteArrayOutputStream does not throw
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Counts the request, unless it came after this connection's GOAWAY (then it is not processed); the
     * configured n-th request of a connection sends GOAWAY naming its stream as the last one processed.
     */
    private void arrived(ChannelHandlerContext ctx) {
        int streamId = ((Http2StreamChannel) ctx.channel()).stream().id();
        if (streamId > connection.lastProcessedStream) {
            ignored = true;
            return;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        request.forEach(e -> copy.put(e.getKey().toString(), e.getValue().toString()));
        connection.server.requestArrived(true, copy);
        connection.requests++;
        if (connection.requests == connection.server.goAwayAfter()) {
            connection.lastProcessedStream = streamId;
            ChannelHandlerContext codecCtx = ctx.channel().parent().pipeline().context(connection.codec);
            connection.codec.goAway(codecCtx, streamId, Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER,
                    codecCtx.newPromise());
            codecCtx.flush();
        }
    }

    private void respond(ChannelHandlerContext ctx) {
        String path = request.path().toString();
        if (path.startsWith("/reset/")) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Long.parseLong(path.substring("/reset/".length()))));
            return;
        }
        if (path.startsWith("/refuse-once/") && connection.server.firstTime(path)) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
            return;
        }
        boolean head = "HEAD".contentEquals(request.method());
        Http2Answers.answer(request.method().toString(), path, body.toByteArray(), ctx.executor(),
                answer -> {
                    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(answer.status()));
                    answer.headers().forEach(e -> h.add(e.getKey(), e.getValue()));
                    h.setInt("content-length", answer.body().length);
                    boolean noBody = head || answer.body().length == 0;
                    ctx.write(new DefaultHttp2HeadersFrame(h, noBody));
                    if (!noBody) {
                        ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(answer.body()), true));
                    }
                    ctx.flush();
                });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
