package dev.shoal.internal.pool;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.SocketShortage;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections for the pools within the client's socket budget ({@code maxInFlight} plus the idle cap),
 * and at most as many at once as the {@link ConnectGate} lets through.
 * Each socket holds a place from its connect until its close. At the budget, an opener waits in line (without
 * a thread) and an idle connection is closed: the place it frees goes to the first in line. While anyone waits,
 * a connection that falls idle is closed rather than kept.
 *
 * <p>When the machine refuses a socket all the same (no descriptor, buffer or ephemeral port left: taken by
 * another part of the process, or another process), an idle connection is closed, or a moment passes when
 * there is none, and the connect is tried again, a few times; then the caller gets the failure, of kind {@code io}.
 */
final class SocketBudget {
    /** Tries after the first that a shortage of sockets gets before the caller is told. */
    static final int SHORTAGE_RETRIES = 3;
    /** The first pause when no idle connection can be closed to free a socket; doubled on each try. */
    private static final long FIRST_PAUSE_MILLIS = 20;

    private final Connector factory;
    private final IdleConnections idle;
    private final ConnectGate gate;
    private final int maxSockets;
    // guarded by this; never held while calling out
    private int sockets;
    private final ArrayDeque<Opener> waiting = new ArrayDeque<>();
    private volatile boolean anyoneWaiting;

    SocketBudget(Connector factory, IdleConnections idle, int maxSockets, ConnectGate gate) {
        this.factory = factory;
        this.idle = idle;
        this.gate = gate;
        this.maxSockets = maxSockets;
    }

    /** One connection to open, for {@code call} alone or (call null) for whoever waits in its pool. */
    private static final class Opener {
        final Origin origin;
        final EventLoop loop;
        final Call call;
        final Events events;
        final CompletableFuture<Connection> result = new CompletableFuture<>();
        int retries;

        Opener(Origin origin, EventLoop loop, Call call, Events events) {
            this.origin = origin;
            this.loop = loop;
            this.call = call;
            this.events = events;
        }

        boolean abandoned() {
            return call != null && call.isDone();
        }

        void abandon() {
            result.completeExceptionally(Internal.shoalException(ErrorKind.CANCELLED, "the request ended before its connection was opened"));
        }
    }

    /** Sockets opened (or being opened) by the pools and not closed yet. */
    synchronized int sockets() {
        return sockets;
    }

    /** Whether an opener waits for a socket to close: a connection falling idle then is closed, not kept. */
    boolean anyoneWaiting() {
        return anyoneWaiting;
    }

    /**
     * A new connection to {@code origin}: for {@code call} alone (its end stops the connect) or, when
     * {@code call} is null, for whichever callers of the pool wait on {@code loop}; its set-up is told to
     * {@code events} (those of the caller it is opened on behalf of). Never throws.
     */
    CompletableFuture<Connection> open(Origin origin, EventLoop loop, Call call, Events events) {
        Opener o = new Opener(origin, loop, call, events);
        request(o);
        return o.result;
    }

    /** Takes a place for {@code o} and connects, or puts it in line and closes an idle connection to free one. */
    private void request(Opener o) {
        if (o.abandoned()) {
            o.abandon();
            return;
        }
        synchronized (this) {
            if (sockets >= maxSockets) {
                waiting.add(o);
                anyoneWaiting = true;
                o = null;
            } else {
                sockets++;
            }
        }
        if (o == null) {
            idle.closeEldest();  // when there is none, the next socket to close frees the place
        } else {
            connect(o);
        }
    }

    /** A socket closed (or failed to open): its place goes to the first in line, else back to the budget. */
    private void freed() {
        while (true) {
            Opener next;
            synchronized (this) {
                next = waiting.poll();
                anyoneWaiting = !waiting.isEmpty();
                if (next == null) {
                    sockets--;
                    return;
                }
            }
            if (next.abandoned()) {
                next.abandon();
                continue;
            }
            try {
                Opener handedOver = next;
                next.loop.execute(() -> connect(handedOver));  // on its loop: no chain of connects on this stack
                return;
            } catch (RuntimeException shutDown) {
                next.result.completeExceptionally(Internal.shoalException(ErrorKind.CANCELLED, "client is closed"));
            }
        }
    }

    /** Opens {@code o}'s socket, which holds a place already, once the gate lets a connect begin. */
    private void connect(Opener o) {
        gate.enter(o.loop, () -> attempt(o), () -> {
            freed();
            o.result.completeExceptionally(Internal.shoalException(ErrorKind.CANCELLED, "client is closed"));
        });
    }

    /** The connect itself, holding a place in the gate until it ends. */
    private void attempt(Opener o) {
        if (o.abandoned()) {  // the request ended while its connect waited at the gate
            gate.leave();
            freed();
            o.abandon();
            return;
        }
        CompletableFuture<Connection> connected;
        try {
            connected = o.call != null ? factory.connect(o.origin, o.call) : factory.connectShared(o.origin, o.loop, o.events);
        } catch (RuntimeException e) {
            connected = CompletableFuture.failedFuture(e);
        }
        connected.whenComplete((c, e) -> {
            gate.leave();
            if (e == null) {
                c.channel().closeFuture().addListener(f -> freed());
                o.result.complete(c);
                return;
            }
            freed();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (o.retries >= SHORTAGE_RETRIES || !SocketShortage.isShortage(cause)) {
                o.result.completeExceptionally(cause);
                return;
            }
            CompletableFuture<Void> closed = idle.closeEldest();
            if (closed == null) {
                closed = pause(o.loop, FIRST_PAUSE_MILLIS << o.retries);
            }
            o.retries++;
            closed.whenComplete((v, x) -> request(o));
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
