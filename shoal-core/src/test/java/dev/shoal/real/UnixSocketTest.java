package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.real.Nginx;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * curl's {@code --unix-socket}: every request goes over the socket, and the URL still gives the Host header and
 * the path; against nginx listening on a Unix socket, and an in-process Netty server on one.
 */
@Timeout(60)
class UnixSocketTest {
    @TempDir
    static Path dir;
    static Nginx nginx;
    static Path nginxSocket;
    static Path nettySocket;
    static EventLoopGroup group;
    static Channel netty;

    @BeforeAll
    static void start() throws Exception {
        nginxSocket = dir.resolve("nginx.sock");
        nginx = Nginx.start(dir.resolve("nginx"), 1, ports -> """
                server { listen 127.0.0.1:%d; listen unix:%s;
                         location / { return 200 "nginx host=$host uri=$request_uri"; } }
                """.formatted(ports[0], nginxSocket));
        nettySocket = dir.resolve("netty.sock");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        netty = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Answer());
                    }
                }).bind(new DomainSocketAddress(nettySocket.toString())).sync().channel();
    }

    /** Says which Host and target it was asked for. */
    static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            byte[] body = ("netty host=" + req.headers().get(HttpHeaderNames.HOST) + " uri=" + req.uri()).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(res);
        }
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
        if (netty != null) netty.close().syncUninterruptibly();
        if (group != null) group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Shoal client(Path socket) {
        return Shoal.builder().unixSocket(socket).connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build();
    }

    static String get(Shoal shoal, String url) {
        Response r = shoal.send(Request.builder(url).sink(BodySink.memory()).build()).join();
        assertEquals(200, r.status());
        return r.bodyString();
    }

    @Test
    void nginxOnAUnixSocketIsAskedForTheUrlsHostAndPath() {
        try (Shoal shoal = client(nginxSocket)) {
            // neither name resolves nor has port 9 a listener: only the socket can answer
            assertEquals("nginx host=docker.invalid uri=/v1.43/info?x=1", get(shoal, "http://docker.invalid/v1.43/info?x=1"));
            assertEquals("nginx host=other.invalid uri=/", get(shoal, "http://other.invalid:9/"));
        }
    }

    @Test
    void aNettyServerOnAUnixSocketGetsManyRequests() {
        try (Shoal shoal = client(nettySocket)) {
            List<Request> batch = java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> Request.builder("http://localhost/item/" + i).sink(BodySink.memory()).build()).toList();
            var outcomes = shoal.gather(batch);
            for (int i = 0; i < 50; i++) {
                assertEquals("netty host=localhost uri=/item/" + i, ((dev.shoal.Outcome.Success) outcomes.get(i)).response().bodyString());
            }
        }
    }

    @Test
    void aSocketNobodyListensOnIsConnectRefused() {
        try (Shoal shoal = client(dir.resolve("nobody.sock"))) {
            CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get("http://localhost/")).join());
            ShoalException se = (ShoalException) e.getCause();
            assertEquals(ErrorKind.CONNECT_REFUSED, se.kind(), se.getMessage());
        }
    }
}
