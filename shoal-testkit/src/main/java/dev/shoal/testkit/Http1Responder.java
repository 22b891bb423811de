package dev.shoal.testkit;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@link Http2Server}'s routes over HTTP/1.1, for clients that ALPN put on http/1.1. */
final class Http1Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Http2Server server;

    Http1Responder(Http2Server server) {
        this.server = server;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        server.requestArrived(false, headers);
        boolean head = HttpMethod.HEAD.equals(request.method());
        Http2Answers.answer(request.method().name(), request.uri(), ByteBufUtil.getBytes(request.content()),
                ctx.executor(), answer -> {
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.valueOf(answer.status()),
                            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
                    answer.headers().forEach(e -> response.headers().add(e.getKey(), e.getValue()));
                    HttpUtil.setContentLength(response, answer.body().length);
                    ctx.writeAndFlush(response);
                });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
