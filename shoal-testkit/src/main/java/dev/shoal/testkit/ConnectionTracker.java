package dev.shoal.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Counts a server's open TCP connections and the most it has seen open at once, and remembers which
 * connections those were (remote address and when each was accepted), so that a test that finds too many can
 * say which.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Channel, Long> openSince = new ConcurrentHashMap<>();
    private volatile String atMax = "";

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        openSince.put(channel, System.currentTimeMillis());
        int now = open.incrementAndGet();
        if (maxOpen.accumulateAndGet(now, Math::max) == now) {
            atMax = describeOpen();
        }
        // counted closed when the close happens, not at the inactive event: Netty fires that a task later, after
        // a connection accepted in the same turn of the event loop has already become active
        channel.closeFuture().addListener(f -> {
            openSince.remove(channel);
            open.decrementAndGet();
        });
        ctx.fireChannelActive();
    }

    /** A 0-based number for a newly accepted connection, in accept order. */
    int nextConnectionIndex() {
        return accepted.getAndIncrement();
    }

    int open() {
        return open.get();
    }

    int maxOpen() {
        return maxOpen.get();
    }

    /** The connections open when the maximum was last reached: remote address and accept time (epoch ms). */
    String openAtMax() {
        return atMax;
    }

    /** The maximum restarts from the connections open right now. */
    void reset() {
        maxOpen.set(open.get());
        atMax = describeOpen();
    }

    private String describeOpen() {
        return openSince.entrySet().stream()
                .map(e -> e.getKey().remoteAddress() + " accepted at " + e.getValue())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
