package dev.shoal.testkit;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a server's open TCP connections and the most it has seen open at once. */
@Sharable
final class ConnectionTracker extends ChannelInboundHandlerAdapter {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
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

    /** The maximum restarts from the connections open right now. */
    void reset() {
        maxOpen.set(open.get());
    }
}
