package dev.shoal.internal.pool;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The connect timeout of one connection, counted from when its first TCP connect leaves the event loop for the
 * socket, not from when the connect was asked for.
 *
 * <p>Between the two, the channel's registration and its connect wait in the event loop's task queue; behind a
 * burst of other connects and exchanges, on a machine short of CPU, that wait alone can pass the timeout, and a
 * handshake that never began would be reported as the server's slowness. So the timer, when it fires before the
 * connect has been out for the whole timeout, waits for the rest. It sits in each attempt's pipeline (Happy Eyeballs
 * may open several) until that attempt's connect passes, which it notes. DNS is still bounded from the start: when
 * the timer fires while the host's addresses are being asked for, the connect fails.
 */
@ChannelHandler.Sharable
final class ConnectTimer extends ChannelOutboundHandlerAdapter implements Runnable {
    private final EventLoop loop;
    private final long timeoutNanos;
    private final BooleanSupplier addressesKnown;
    private final Runnable expired;
    /** When the first connect left for the socket (the loop's ticker), once {@code connectIssued}. */
    private volatile long connectIssuedNanos;
    private volatile boolean connectIssued;
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> pending;

    /**
     * @param addressesKnown whether DNS has answered (false: the timeout is DNS's, and ends the connect now)
     * @param expired        ends the connect: run once, on {@code loop}, if neither {@link #cancel} comes first
     */
    ConnectTimer(EventLoop loop, long timeoutNanos, BooleanSupplier addressesKnown, Runnable expired) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.addressesKnown = addressesKnown;
        this.expired = expired;
    }

    /** Starts the clock for DNS (and the first wait); the connect's own full timeout starts when it is issued. */
    void start() {
        pending = loop.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The connect ended (connected or failed): no timeout. */
    void cancel() {
        cancelled = true;
        ScheduledFuture<?> p = pending;
        if (p != null) {
            p.cancel(false);
        }
    }

    @Override
    public void run() {
        if (cancelled) {
            return;
        }
        if (addressesKnown.getAsBoolean()) {
            long out = connectIssued ? loop.ticker().nanoTime() - connectIssuedNanos : 0;
            if (out < timeoutNanos) {
                // still queued, or out for less than the timeout: the handshake gets its full time
                pending = loop.schedule(this, timeoutNanos - out, TimeUnit.NANOSECONDS);
                if (cancelled) {
                    pending.cancel(false);
                }
                return;
            }
        }
        expired.run();
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        if (!connectIssued) {
            connectIssuedNanos = loop.ticker().nanoTime();
            connectIssued = true;
        }
        ctx.pipeline().remove(this);
        ctx.connect(remote, local, promise);
    }

}
