package dev.shoal.testkit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Map;

/** Records each request of one connection, then hands it to the route its path names. */
final class FaultRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final FaultServer server;
    private final int connectionIndex;
    private int requestsOnConnection;

    FaultRouter(FaultServer server, int connectionIndex) {
        this.server = server;
        this.connectionIndex = connectionIndex;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ctx.close();
            return;
        }
        RecordedRequest recorded = RecordedRequest.of(request, ctx.channel().attr(WireHeaders.LAST).get(),
                connectionIndex, requestsOnConnection++);
        server.log.record(recorded);
        Exchange ex = new Exchange(ctx, recorded, HttpUtil.isKeepAlive(request));
        Handler custom = server.customRouteFor(recorded.path());
        if (custom != null) {
            answerCustom(ex, custom);
        } else {
            route(ex);
        }
    }

    private void route(Exchange ex) {
        switch (ex.segment(0)) {
            case "" -> ex.sendText(200, "shoal fault server\n");
            case "status" -> BasicRoutes.status(ex);
            case "delay" -> BasicRoutes.delay(ex);
            case "bytes" -> BasicRoutes.bytes(ex);
            case "chunked" -> BasicRoutes.chunked(ex);
            case "close-after" -> BasicRoutes.closeAfter(ex);
            case "stale-on-reuse" -> BasicRoutes.staleOnReuse(ex);
            case "close-silently" -> BasicRoutes.closeSilently(ex);
            case "echo", "anything" -> Echo.echo(ex);
            case "gzip" -> server.encodedBodies.gzip(ex);
            case "deflate" -> server.encodedBodies.deflate(ex);
            case "gzip-bomb" -> server.encodedBodies.gzipBomb(ex);
            case "redirect" -> Redirects.chain(ex);
            case "redirect-loop" -> Redirects.loop(ex);
            case "redirect-to" -> Redirects.to(ex);
            case "retry-after" -> server.keyedFailures.retryAfter(ex);
            case "flaky" -> server.keyedFailures.flaky(ex);
            case "reset" -> ex.reset();
            case "never" -> { } // read the request, answer nothing, keep the connection open
            case "close-mid-body" -> ByteFaults.closeMidBody(ex);
            case "partial-body-stall" -> ByteFaults.partialBodyStall(ex);
            case "status-then-stall" -> ByteFaults.statusThenStall(ex);
            case "garbage" -> ByteFaults.garbage(ex);
            case "malformed-chunked" -> ByteFaults.malformedChunked(ex);
            case "huge-header" -> ByteFaults.hugeHeader(ex);
            case "drip" -> SlowStreams.drip(ex);
            case "endless" -> SlowStreams.endless(ex);
            default -> ex.sendText(404, "no route for " + ex.request.path() + "\n");
        }
    }

    private static void answerCustom(Exchange ex, Handler handler) {
        Reply reply = new Reply();
        try {
            handler.handle(ex.request, reply);
        } catch (RuntimeException e) {
            ex.sendText(500, "handler failed: " + e + "\n");
            return;
        }
        FullHttpResponse response = Exchange.response(reply.status(), reply.body());
        for (Map.Entry<String, String> header : reply.headers()) {
            response.headers().add(header.getKey(), header.getValue());
        }
        long delayMillis = reply.delay().toMillis();
        if (delayMillis > 0) {
            ex.later(delayMillis, () -> ex.send(response));
        } else {
            ex.send(response);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // clients breaking connections is what this server is for; nothing to report
    }
}
