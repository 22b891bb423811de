package dev.shoal.testkit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Counts a server's open TCP connections and the most it has seen open at once, and remembers which
 * connections those were (remote address, when each was accepted, last read from and closed), so that a test
 * that finds too many can say which, and whether the extra ones were still in use.
 */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Channel, Life> lives = new ConcurrentHashMap<>();
    private volatile List<Life> atMax = List.of();

    /** One connection's life, in epoch milliseconds; 0 for what has not happened yet. */
    private static final class Life {
        final String remote;
        final long acceptedAt = System.currentTimeMillis();
        volatile long lastReadAt;
        volatile long closedAt;

        Life(Channel channel) {
            this.remote = String.valueOf(channel.remoteAddress());
        }

        @Override
        public String toString() {
            return remote + " accepted at " + acceptedAt + ", last read at " + lastReadAt
                    + (closedAt == 0 ? ", still open" : ", closed at " + closedAt);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        Life life = new Life(channel);
        lives.put(channel, life);
        int now = open.incrementAndGet();
        if (maxOpen.accumulateAndGet(now, Math::max) == now) {
            atMax = List.copyOf(lives.values());
        }
        // counted closed when the close happens, not at the inactive event: Netty fires that a task later, after
        // a connection accepted in the same turn of the event loop has already become active
        channel.closeFuture().addListener(f -> {
            life.closedAt = System.currentTimeMillis();
            lives.remove(channel);
            open.decrementAndGet();
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Life life = lives.get(ctx.channel());
        if (life != null) {
            life.lastReadAt = System.currentTimeMillis();
        }
        ctx.fireChannelRead(msg);
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

    /** The connections open when the maximum was last reached, as they are now. */
    String openAtMax() {
        return describe(atMax);
    }

    /** The connections open now. */
    String openNow() {
        return describe(List.copyOf(lives.values()));
    }

    /** The maximum restarts from the connections open right now. */
    void reset() {
        maxOpen.set(open.get());
        atMax = List.copyOf(lives.values());
    }

    private static String describe(List<Life> connections) {
        return connections.stream().map(Life::toString).collect(Collectors.joining("; ", "[", "]"));
    }
}
