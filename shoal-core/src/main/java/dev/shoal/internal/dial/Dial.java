package dev.shoal.internal.dial;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One connect under way, perhaps as several attempts at once (Happy Eyeballs): the channel that connected,
 * and a way to stop it all. Which channel wins is known only at the end, so a connect is not a Netty
 * {@code ChannelFuture}, which names its channel from the start.
 */
public final class Dial {
    private final CompletableFuture<Channel> channel;
    private static final CompletableFuture<List<InetAddress>> KNOWN = CompletableFuture.completedFuture(List.of());

    private final Runnable stop;
    private final CompletableFuture<List<InetAddress>> addresses;

    /** @param addresses completes when the host's addresses are known (already done when none were looked up) */
    public Dial(CompletableFuture<Channel> channel, Runnable stop, CompletableFuture<List<InetAddress>> addresses) {
        this.channel = channel;
        this.stop = stop;
        this.addresses = addresses;
    }

    /** A single connect to an address already known. */
    public static Dial of(ChannelFuture connect) {
        CompletableFuture<Channel> done = new CompletableFuture<>();
        connect.addListener(f -> {
            if (f.isSuccess()) {
                done.complete(connect.channel());
            } else {
                done.completeExceptionally(f.cause());
            }
        });
        return new Dial(done, () -> connect.channel().close(), KNOWN);
    }

    /** A connect that failed before it started. */
    public static Dial failed(Throwable cause) {
        return new Dial(CompletableFuture.failedFuture(cause), () -> { }, KNOWN);
    }

    /** Completes with the connected channel, or fails with why no attempt connected. */
    public CompletableFuture<Channel> channel() {
        return channel;
    }

    /** Whether the host name was resolved (false while DNS is still being asked). */
    public boolean addressesKnown() {
        return addresses.isDone();
    }

    /** The host's addresses as DNS (or a pin) gave them; completes on the DNS client's thread. */
    public CompletableFuture<List<InetAddress>> addresses() {
        return addresses;
    }

    /** This connect, followed by one more step on the connected channel (a proxy tunnel's handshake). */
    public Dial then(Function<Channel, CompletableFuture<Channel>> step) {
        return new Dial(channel.thenCompose(step), stop, addresses);
    }

    /** Stops every attempt; closes the channel if one connected. */
    public void close() {
        stop.run();
    }
}
