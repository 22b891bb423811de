package dev.shoal.internal.dial;

import dev.shoal.internal.base.SocketShortage;
import dev.shoal.testkit.HangingAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The race of connection attempts when this machine has no socket left for a later attempt. */
@Timeout(30)
class HappyEyeballsTest {

    @Test
    void aShortageOfSocketsEndsTheRaceAtOnceAndClosesTheAttemptThatHangs() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (HangingAddress hanging = HangingAddress.on("127.0.0.2", 0)) {
            List<Channel> made = new ArrayList<>();
            ChannelFactory<Channel> firstOnly = () -> {
                if (!made.isEmpty()) {
                    throw new ChannelException(new SocketException("Too many open files"));
                }
                Channel ch = new NioSocketChannel();
                made.add(ch);
                return ch;
            };
            Bootstrap b = new Bootstrap().group(group).channelFactory(firstOnly)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInboundHandlerAdapter());
            List<InetSocketAddress> addresses = List.of(hanging.address(),
                    new InetSocketAddress("127.0.0.1", 9));
            CompletableFuture<Channel> winner = new CompletableFuture<>();
            long start = System.nanoTime();
            new HappyEyeballs(b, group.next(), addresses, 50, winner).start();
            ExecutionException e = assertThrows(ExecutionException.class, () -> winner.get(20, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(SocketShortage.isShortage(e.getCause()), "failure: " + e.getCause());
            assertTrue(ms < 3000, "took " + ms + " ms");
            Channel hangingAttempt = made.get(0);
            assertTrue(hangingAttempt.closeFuture().await(2, TimeUnit.SECONDS), "the attempt that hangs is still open");
            assertFalse(hangingAttempt.isOpen());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
