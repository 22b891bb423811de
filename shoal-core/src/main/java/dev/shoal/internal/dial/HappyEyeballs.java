package dev.shoal.internal.dial;

import dev.shoal.internal.base.SocketShortage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects to the first of several addresses that answers (RFC 8305, section 5): the next attempt starts when
 * the one before failed, or {@link #ATTEMPT_DELAY_MILLIS} after it started without a connection; the first to
 * connect wins and the others are closed. A shortage of sockets on this machine ends the race at once. Runs on the connection's event loop alone, so it needs no lock.
 */
final class HappyEyeballs {
    static final long ATTEMPT_DELAY_MILLIS = 250;

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final List<InetSocketAddress> addresses;
    private final long delayMillis;
    private final List<Channel> attempts = new ArrayList<>();
    private final CompletableFuture<Channel> winner;
    private ScheduledFuture<?> nextTimer;
    private int next;
    private int failed;
    private Throwable lastFailure;
    private boolean stopped;

    HappyEyeballs(Bootstrap bootstrap, EventLoop loop, List<InetSocketAddress> addresses, long delayMillis,
                  CompletableFuture<Channel> winner) {
        this.bootstrap = bootstrap;
        this.loop = loop;
        this.addresses = addresses;
        this.delayMillis = delayMillis;
        this.winner = winner;
    }

    /** Starts the first attempt; the winner (or the last failure) completes the future given. */
    void start() {
        if (loop.inEventLoop()) {
            startNext();
        } else {
            loop.execute(this::startNext);
        }
    }

    /** Stops every attempt and closes the winner, if any. */
    void stop() {
        if (!loop.inEventLoop()) {
            loop.execute(this::stop);
            return;
        }
        stopped = true;
        cancelTimer();
        for (Channel ch : attempts) {
            ch.close();
        }
        winner.completeExceptionally(new ClosedChannelException());
    }

    private void startNext() {
        if (stopped || winner.isDone() || next >= addresses.size()) {
            return;
        }
        cancelTimer();
        InetSocketAddress address = addresses.get(next++);
        ChannelFuture connect = bootstrap.connect(address);
        attempts.add(connect.channel());
        if (next < addresses.size()) {
            nextTimer = loop.schedule(this::startNext, delayMillis, TimeUnit.MILLISECONDS);
        }
        // a channel that could not be made fails at once, its listeners on Netty's global executor: back to the loop
        connect.addListener(f -> {
            if (loop.inEventLoop()) {
                done(connect);
            } else {
                loop.execute(() -> done(connect));
            }
        });
    }

    private void done(ChannelFuture connect) {
        Channel ch = connect.channel();
        if (connect.isSuccess()) {
            if (stopped || !winner.complete(ch)) {
                ch.close();
                return;
            }
            cancelTimer();
            for (Channel other : attempts) {
                if (other != ch) {
                    other.close();
                }
            }
            return;
        }
        failed++;
        lastFailure = connect.cause();
        if (winner.isDone() || stopped) {
            return;
        }
        if (SocketShortage.isShortage(lastFailure)) {
            // no socket for this attempt: waiting for the others (an unanswered one may hang until the connect
            // timeout) would hold their descriptors and lose the request's time; the pool frees an idle
            // connection on a shortage and dials again
            cancelTimer();
            winner.completeExceptionally(lastFailure);
            for (Channel other : attempts) {
                if (other != ch) {
                    other.close();
                }
            }
            return;
        }
        if (next < addresses.size()) {
            startNext();  // a failure needs no waiting: the next address now
        } else if (failed == next) {
            winner.completeExceptionally(lastFailure);
        }
    }

    private void cancelTimer() {
        if (nextTimer != null) {
            nextTimer.cancel(false);
            nextTimer = null;
        }
    }
}
