package dev.shoal.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AttributeKey;

/**
 * Keeps a request's header fields as they came on the wire, before the aggregator rewrites the framing
 * (it drops {@code Transfer-Encoding: chunked} and sets Content-Length): tests assert on the client's framing.
 */
final class WireHeaders extends ChannelInboundHandlerAdapter {
    static final AttributeKey<HttpHeaders> LAST = AttributeKey.valueOf("shoal.testkit.wireHeaders");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest r) {
            ctx.channel().attr(LAST).set(new DefaultHttpHeaders().add(r.headers()));
        }
        ctx.fireChannelRead(msg);
    }
}
