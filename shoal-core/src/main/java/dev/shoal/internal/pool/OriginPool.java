package dev.shoal.internal.pool;

import dev.shoal.internal.Call;
import dev.shoal.internal.Origin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive connections to one origin: at most {@code maxConnections} open, idle ones reused
 * newest first and closed after {@code idleTimeout}, callers beyond the bound waiting in FIFO order
 * without a thread. A pool with nothing open and nobody waiting removes itself from its owner.
 */
final class OriginPool {
    private final Origin origin;
    private final ConnectionPool owner;
    private final int maxConnections;
    private final long idleTimeoutNanos;

    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int open;
    private boolean removed;

    private record Waiter(Call call, CompletableFuture<Connection> future) {
    }

    OriginPool(Origin origin, ConnectionPool owner, int maxConnections, long idleTimeoutNanos) {
        this.origin = origin;
        this.owner = owner;
        this.maxConnections = maxConnections;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /**
     * A connection for {@code call}: an idle one unless {@code fresh}, a new one while under the bound,
     * else the next one released. Null when this pool has been removed (the caller looks up again).
     */
    CompletableFuture<Connection> acquire(Call call, boolean fresh) {
        synchronized (this) {
            if (removed) {
                return null;
            }
            if (!fresh) {
                Connection c;
                while ((c = idle.pollLast()) != null) {
                    c.idle = false;
                    if (c.channel().isActive()) {
                        return CompletableFuture.completedFuture(c);
                    }
                    retire(c);
                }
            } else if (open >= maxConnections && !idle.isEmpty()) {
                retire(idle.pollFirst());  // make room for the fresh one: the oldest idle goes
            }
            if (open >= maxConnections) {
                Waiter w = new Waiter(call, new CompletableFuture<>());
                waiters.add(w);
                call.onAbort(() -> w.future.cancel(false));
                return w.future;
            }
            open++;
        }
        return connect(call);
    }

    /** Opens a connection; the pool's count is settled before the caller hears of a failure. */
    private CompletableFuture<Connection> connect(Call call) {
        return owner.factory().connect(origin, call).handle((c, e) -> {
            if (e != null) {
                synchronized (this) {
                    open--;
                }
                serveWaiters();
                throw e instanceof CompletionException ce ? ce : new CompletionException(e);
            }
            c.attach(this);
            return c;
        });
    }

    /** After an exchange: to the next waiter, to the idle list, or closed. */
    void release(Connection c, boolean reusable) {
        List<Runnable> after = new ArrayList<>(1);
        synchronized (this) {
            if (c.retired) {
                return;
            }
            if (!reusable) {
                retire(c);
            } else {
                Waiter w;
                while ((w = waiters.poll()) != null) {
                    if (!w.future.isDone()) {
                        Waiter handed = w;
                        after.add(() -> {
                            if (!handed.future.complete(c)) {
                                release(c, true);  // cancelled meanwhile
                            }
                        });
                        break;
                    }
                }
                if (after.isEmpty()) {
                    c.idle = true;
                    c.idleSinceNanos = System.nanoTime();
                    idle.addLast(c);
                    scheduleEviction(c);
                }
            }
        }
        after.forEach(Runnable::run);
        serveWaiters();
    }

    /** The connection closed by itself: if it was pooled, it no longer counts. */
    void closed(Connection c) {
        synchronized (this) {
            if (c.retired) {
                return;
            }
            if (c.idle) {
                idle.remove(c);
                c.idle = false;
            }
            retire(c);
        }
        serveWaiters();
    }

    /** Opens connections for waiters while under the bound; removes the pool when it is empty. */
    private void serveWaiters() {
        List<Waiter> toConnect = new ArrayList<>(1);
        synchronized (this) {
            while (open < maxConnections && !waiters.isEmpty()) {
                Waiter w = waiters.poll();
                if (w.future.isDone()) continue;
                open++;
                toConnect.add(w);
            }
            if (open == 0 && waiters.isEmpty() && !removed) {
                removed = true;
                owner.remove(origin, this);
            }
        }
        for (Waiter w : toConnect) {
            connect(w.call).whenComplete((c, e) -> {
                if (e != null) {
                    w.future.completeExceptionally(e);
                } else if (!w.future.complete(c)) {
                    release(c, true);
                }
            });
        }
    }

    /**
     * Closes a connection; it stops counting against the bound only once the close is done, so that a
     * replacement never overlaps it and the server never sees one connection too many.
     */
    private void retire(Connection c) {
        c.retired = true;
        c.idle = false;
        c.channel().close().addListener(f -> {
            synchronized (this) {
                open--;
            }
            serveWaiters();
        });
    }

    private void scheduleEviction(Connection c) {
        if (c.evictionScheduled || idleTimeoutNanos <= 0) {
            return;
        }
        c.evictionScheduled = true;
        c.channel().eventLoop().schedule(() -> evictIfIdle(c), idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void evictIfIdle(Connection c) {
        synchronized (this) {
            c.evictionScheduled = false;
            if (!c.idle) {
                return;  // in use again; its next release schedules a new check
            }
            long idleFor = System.nanoTime() - c.idleSinceNanos;
            if (idleFor < idleTimeoutNanos) {
                c.evictionScheduled = true;
                c.channel().eventLoop().schedule(() -> evictIfIdle(c), idleTimeoutNanos - idleFor, TimeUnit.NANOSECONDS);
                return;
            }
            idle.remove(c);
            retire(c);
        }
        serveWaiters();
    }

    synchronized int openConnections() {
        return open;
    }
}
