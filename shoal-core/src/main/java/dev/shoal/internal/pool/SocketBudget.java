package dev.shoal.internal.pool;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.Call;
import dev.shoal.internal.Origin;
import dev.shoal.internal.SocketShortage;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens connections for the pools within the client's socket budget ({@code maxInFlight} plus the idle cap):
 * at the budget, the least recently used idle connection is closed before a new socket is opened. When the
 * machine refuses a socket all the same (no descriptor, buffer or ephemeral port left: another part of the
 * process, or another process, took them), an idle connection is closed, or a moment passed when there is
 * none, and the connect tried again, a few times; then the caller gets the failure, of kind {@code io}.
 */
final class SocketBudget {
    /** Tries after the first that a shortage of sockets gets before the caller is told. */
    static final int SHORTAGE_RETRIES = 3;
    /** The first pause when no idle connection can be closed to free a socket; doubled on each try. */
    private static final long FIRST_PAUSE_MILLIS = 20;

    private final ConnectionFactory factory;
    private final IdleConnections idle;
    private final int maxSockets;
    private final AtomicInteger sockets = new AtomicInteger();

    SocketBudget(ConnectionFactory factory, IdleConnections idle, int maxSockets) {
        this.factory = factory;
        this.idle = idle;
        this.maxSockets = maxSockets;
    }

    /** Sockets opened (or being opened) by the pools and not closed yet. */
    int sockets() {
        return sockets.get();
    }

    /**
     * A new connection to {@code origin}: for {@code call} alone (its end stops the connect) or, when
     * {@code call} is null, for whichever callers of the pool wait on {@code loop}. Never throws.
     */
    CompletableFuture<Connection> open(Origin origin, EventLoop loop, Call call) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        attempt(origin, loop, call, 0, result);
        return result;
    }

    private void attempt(Origin origin, EventLoop loop, Call call, int retries, CompletableFuture<Connection> result) {
        CompletableFuture<Void> room = sockets.get() >= maxSockets ? idle.closeEldest() : null;
        if (room == null) {
            connect(origin, loop, call, retries, result);
        } else {
            room.whenComplete((v, e) -> connect(origin, loop, call, retries, result));
        }
    }

    private void connect(Origin origin, EventLoop loop, Call call, int retries, CompletableFuture<Connection> result) {
        if (call != null && call.isDone()) {
            result.completeExceptionally(new ShoalException(ErrorKind.CANCELLED, "the request ended before its connection was opened"));
            return;
        }
        sockets.incrementAndGet();
        CompletableFuture<Connection> connected;
        try {
            connected = call != null ? factory.connect(origin, call) : factory.connectShared(origin, loop);
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        connected.whenComplete((c, e) -> {
            if (e == null) {
                c.channel().closeFuture().addListener(f -> sockets.decrementAndGet());
                result.complete(c);
                return;
            }
            sockets.decrementAndGet();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (retries >= SHORTAGE_RETRIES || !SocketShortage.isShortage(cause)) {
                result.completeExceptionally(cause);
                return;
            }
            CompletableFuture<Void> freed = idle.closeEldest();
            if (freed == null) {
                freed = pause(loop, FIRST_PAUSE_MILLIS << retries);
            }
            freed.whenComplete((v, x) -> attempt(origin, loop, call, retries + 1, result));
        });
    }

    /** Completes after {@code millis} (at once if the loop no longer runs tasks: the next try then fails for good). */
    private static CompletableFuture<Void> pause(EventLoop loop, long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.schedule(() -> done.complete(null), millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException shutDown) {
            done.complete(null);
        }
        return done;
    }
}
