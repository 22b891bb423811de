package dev.shoal.internal.pool;

import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Origin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The connections to one origin: at most {@code maxConnections} open, each lending up to its capacity of
 * exchange slots (one for HTTP/1.1, the server's stream limit for HTTP/2); callers beyond that wait in FIFO
 * order without a thread. The newest connection with room is used first; an unused one is closed after
 * {@code idleTimeout}, or sooner when the client's cap on idle connections over all origins pushes it out
 * ({@link IdleConnections}). A pool with nothing open and nobody waiting removes itself from its owner.
 *
 * <p>Until a connection has told whether the origin multiplexes (ALPN may pick h2), callers do not each open
 * one: they wait for the single connect in progress, which serves them all if it is HTTP/2 and makes way for
 * one connection per caller if it is HTTP/1.1.
 *
 * <p>An HTTP/1.1 caller that finds no free connection starts a connect for the pool, not for itself, and
 * takes whichever connection frees first: the one it started, or one that another caller just gave back.
 * When connects are slow (a server accepting a burst of them), requests do not wait for their own. A busy
 * connection counts as room for one caller too while the origin's exchanges have been shorter than its
 * connects ({@link DialOrWait}): a connect would most often end after the caller was served, for nothing.
 */
final class OriginPool {
    private final Origin origin;
    private final ConnectionPool owner;
    private final int maxConnections;
    private final long idleTimeoutNanos;

    private final ArrayDeque<Connection> withRoom = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int open;
    /** HTTP/1.1 connects in progress on behalf of the waiters. */
    private int connecting;
    private Boolean multiplexed;
    private SharedConnect sharedConnect;
    private boolean removed;
    /** Connections lent out now (one exchange or more on each). */
    private int lent;
    private final DialOrWait dialOrWait;
    /** A look again at the line is scheduled for when its oldest caller stops counting on busy connections. */
    private boolean recheckScheduled;

    private static final class Waiter {
        final Call call;
        final CompletableFuture<Connection> future = new CompletableFuture<>();
        SharedConnect awaiting;
        long sinceNanos;

        Waiter(Call call) {
            this.call = call;
        }
    }

    /** A connect whose connection several waiters expect; its failure is theirs. */
    private static final class SharedConnect {
    }

    OriginPool(Origin origin, ConnectionPool owner, int maxConnections, long idleTimeoutNanos) {
        this.origin = origin;
        this.owner = owner;
        this.maxConnections = maxConnections;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.dialOrWait = new DialOrWait(owner.exchangeTimes());
        this.multiplexed = owner.factory().mayMultiplex(origin) ? null : Boolean.FALSE;
    }

    /**
     * A connection slot for {@code call}: on a pooled connection with room unless {@code fresh}, on a new one
     * while under the bound, else the next one free. Null when this pool has been removed (look up again).
     */
    CompletableFuture<Connection> acquire(Call call, boolean fresh) {
        Waiter w = null;
        Connection pooled = null;
        boolean othersWait = false;
        boolean connectNow = false;
        synchronized (this) {
            if (removed) {
                return null;
            }
            if (!fresh) {
                pooled = takeSlot();
                othersWait = !waiters.isEmpty();
            } else if (open >= maxConnections) {
                retireOldestIdle();  // make room for the fresh one
            }
            if (pooled == null) {
                w = new Waiter(call);  // only a caller that waits needs one
                if (fresh && open < maxConnections) {
                    open++;
                    connectNow = true;
                } else {
                    w.awaiting = sharedConnect;
                    w.sinceNanos = owner.clock().nanoTime();
                    waiters.add(w);
                }
            }
        }
        if (pooled != null) {
            if (othersWait) {
                dispatch();  // cancelled waiters to drop, or a dead connection just retired made room
            }
            return CompletableFuture.completedFuture(pooled);
        }
        Waiter waiter = w;
        if (connectNow) {
            connectFor(waiter);
        } else {
            call.onAbort(() -> {
                if (waiter.future.cancel(false)) {
                    forget(waiter);
                }
            });
            dispatch();
        }
        return waiter.future;
    }

    /** A slot on the newest usable connection with room, or null. */
    private Connection takeSlot() {
        Connection c;
        while ((c = withRoom.peekLast()) != null) {
            if (!c.acceptsExchanges()) {
                unlist(c);
                if (c.inUse == 0) {
                    retire(c);
                }
                continue;
            }
            if (c.inUse++ == 0) {
                owner.idle().remove(c);
                lend(c);
            }
            if (c.inUse >= c.capacity()) {
                unlist(c);
            }
            return c;
        }
        return null;
    }

    /**
     * Opens an HTTP/1.1 connection for whichever waiter it finds first. If it fails, the oldest waiter fails
     * with it: every waiter gets exactly one answer, and a refused origin does not retry forever.
     */
    private void connectForWaiters(Call call) {
        owner.open(origin, call.loop(), null, call.events()).whenComplete((c, e) -> {
            Waiter failed = null;
            synchronized (this) {
                connecting--;
                if (e != null) {
                    open--;
                    waiters.removeIf(w -> w.future.isDone());
                    failed = waiters.poll();
                } else {
                    register(c);
                    settle(c);
                }
            }
            dispatch();
            if (failed != null) {
                failed.future.completeExceptionally(unwrap(e));
            }
        });
    }

    /** Opens a fresh connection for one caller alone (its end stops the connect); the rest of its room goes to others. */
    private void connectFor(Waiter w) {
        owner.open(origin, w.call.loop(), w.call, w.call.events()).whenComplete((c, e) -> {
            if (e != null) {
                synchronized (this) {
                    open--;
                }
                dispatch();  // the pool's count is settled before the caller hears of the failure
                w.future.completeExceptionally(unwrap(e));
                return;
            }
            synchronized (this) {
                register(c);
                c.inUse++;
                lend(c);
                settle(c);
            }
            if (!w.future.complete(c)) {
                release(c, true);  // the caller is gone
            }
            dispatch();
        });
    }

    /** Opens a connection that every waiter counting on it shares; if it fails, they all fail with it. */
    private void connectShared(SharedConnect s, Call call) {
        owner.open(origin, call.loop(), null, call.events()).whenComplete((c, e) -> {
            List<Waiter> failed = new ArrayList<>();
            synchronized (this) {
                if (sharedConnect == s) {
                    sharedConnect = null;
                }
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.awaiting == s) {
                        w.awaiting = null;
                        if (e != null) {
                            it.remove();
                            failed.add(w);
                        }
                    }
                }
                if (e != null) {
                    open--;
                } else {
                    register(c);
                    settle(c);
                }
            }
            dispatch();
            for (Waiter w : failed) {
                w.future.completeExceptionally(unwrap(e));
            }
        });
    }

    /** A new connection joins the pool; it tells whether the origin multiplexes, and how long a connect takes. Under the lock. */
    private void register(Connection c) {
        c.attach(this);
        multiplexed = c.isMultiplexed();
        dialOrWait.connected(c.setupNanos());
    }

    /** {@code c} just took its first exchange. Under the lock. */
    private void lend(Connection c) {
        lent++;
        c.lentAtNanos = owner.clock().nanoTime();
    }

    /** Hands free slots to waiters in order, opens connections for those still waiting, closes what the idle cap pushed out. */
    private void dispatch() {
        serveWaiters();
        owner.idle().closeDoomed();
    }

    /** A cancelled waiter leaves the line at once, so that the line's length is the number of callers waiting. */
    private void forget(Waiter w) {
        synchronized (this) {
            waiters.remove(w);
        }
        serveWaiters();  // the pool may now be empty and go
    }

    private void serveWaiters() {
        List<Runnable> after = new ArrayList<>(2);
        synchronized (this) {
            // Only the head is checked for callers gone meanwhile: a scan of the whole line on every event would
            // cost its length each time, and thousands wait on one origin in a C10k run.
            dropDoneAtHead();
            while (!waiters.isEmpty()) {
                Connection c = takeSlot();
                if (c == null) {
                    break;
                }
                Waiter w = waiters.poll();
                dropDoneAtHead();
                after.add(() -> {
                    if (!w.future.complete(c)) {
                        release(c, true);  // cancelled meanwhile
                    }
                });
            }
            if (multiplexed == Boolean.FALSE) {
                // each connect on the event loop of another waiter, newest first: callers were given loops in
                // turn, so a line of waiters (behind a first connect that told HTTP/1.1) spreads its connections
                // over all the loops instead of putting every one on the newest caller's
                Iterator<Waiter> newest = waiters.descendingIterator();
                int busySoonFree = countOnBusy() ? lent : 0;
                while (open < maxConnections && waiters.size() > connecting + busySoonFree) {
                    open++;
                    connecting++;
                    Call call = newest.next().call;
                    after.add(() -> connectForWaiters(call));
                }
                if (busySoonFree > 0 && open < maxConnections && waiters.size() > connecting) {
                    recheckWhenPatienceEnds(after);
                }
            } else if (sharedConnect == null && open < maxConnections && !waiters.isEmpty()) {
                SharedConnect s = new SharedConnect();
                sharedConnect = s;
                open++;
                for (Waiter w : waiters) {
                    w.awaiting = s;
                }
                Call call = waiters.peek().call;
                after.add(() -> connectShared(s, call));
            }
            if (open == 0 && connecting == 0 && waiters.isEmpty() && !removed) {
                removed = true;
                owner.remove(origin, this);
            }
        }
        after.forEach(Runnable::run);
    }

    /**
     * Whether the line's callers count on the busy connections coming back rather than on new ones (see
     * {@link DialOrWait}). Under the lock.
     */
    private boolean countOnBusy() {
        Waiter oldest = waiters.peek();
        return oldest != null && lent > 0 && dialOrWait.countOnBusy(owner.clock().nanoTime() - oldest.sinceNanos);
    }

    /**
     * Looks at the line again once its oldest caller has waited a connect's time: if no busy connection came back
     * meanwhile, connections are opened then. Under the lock; the scheduling runs after it.
     */
    private void recheckWhenPatienceEnds(List<Runnable> after) {
        if (recheckScheduled) {
            return;
        }
        recheckScheduled = true;
        Waiter oldest = waiters.peek();
        long delay = Math.max(1, oldest.sinceNanos + dialOrWait.patienceNanos() - owner.clock().nanoTime());
        after.add(() -> {
            try {
                oldest.call.loop().schedule(this::recheck, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closing) {
                synchronized (this) {
                    recheckScheduled = false;  // the client is closing: its waiters end with it
                }
            }
        });
    }

    private void recheck() {
        synchronized (this) {
            recheckScheduled = false;
        }
        dispatch();
    }

    /** After an exchange: its slot is free again, or the connection is closed. */
    void release(Connection c, boolean reusable) {
        synchronized (this) {
            if (c.retired) {
                return;
            }
            if (--c.inUse == 0) {
                lent--;
                if (reusable && !c.isMultiplexed()) {
                    dialOrWait.exchanged(owner.clock().nanoTime() - c.lentAtNanos);
                }
            }
            if (reusable) {
                settle(c);
            } else {
                retire(c);
            }
        }
        dispatch();
    }

    /** Closes {@code c} if it is still idle (the global cap pushed it out); false when it was lent out meanwhile. */
    boolean retireIfIdle(Connection c) {
        synchronized (this) {
            if (c.retired || c.inUse > 0) {
                return false;
            }
            retire(c);
        }
        serveWaiters();  // not dispatch(): the caller is closing the pushed-out connections one by one
        return true;
    }

    /** The connection's capacity changed, or it stopped taking exchanges (GOAWAY). */
    void changed(Connection c) {
        synchronized (this) {
            settle(c);
        }
        dispatch();
    }

    /** The connection closed by itself: it no longer counts. */
    void closed(Connection c) {
        synchronized (this) {
            if (c.retired) {
                return;
            }
            retire(c);
        }
        dispatch();
    }

    /** Puts {@code c} where its state says: listed while it has room, closed once draining and unused. Under the lock. */
    private void settle(Connection c) {
        if (c.retired) {
            return;
        }
        if (!c.acceptsExchanges()) {
            unlist(c);
            if (c.inUse == 0) {
                retire(c);
            }
            return;
        }
        boolean room = c.inUse < c.capacity();
        if (room && !c.hasRoomListed) {
            c.hasRoomListed = true;
            withRoom.addLast(c);
        } else if (!room && c.hasRoomListed) {
            unlist(c);
        }
        if (c.inUse == 0) {
            c.idleSinceNanos = owner.clock().nanoTime();
            owner.idle().add(c);
            scheduleEviction(c);
        }
    }

    private void unlist(Connection c) {
        if (c.hasRoomListed) {
            c.hasRoomListed = false;
            withRoom.removeLastOccurrence(c);  // most often the newest, just taken from the end: found at once
        }
    }

    private void dropDoneAtHead() {
        while (!waiters.isEmpty() && waiters.peek().future.isDone()) {
            waiters.poll();
        }
    }

    private void retireOldestIdle() {
        for (Connection c : withRoom) {
            if (c.inUse == 0) {
                retire(c);
                return;
            }
        }
    }

    /**
     * Closes a connection; it stops counting against the bound only once the close is done, so that a
     * replacement never overlaps it and the server never sees one connection too many.
     */
    private void retire(Connection c) {
        if (c.inUse > 0) {
            lent--;  // its exchanges end without giving it back
        }
        unlist(c);
        owner.idle().remove(c);
        c.retired = true;
        c.channel().close().addListener(f -> {
            if (Thread.holdsLock(this)) {
                open--;  // closed already: whoever holds the lock dispatches when it lets go
                return;
            }
            synchronized (this) {
                open--;
            }
            dispatch();
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
            if (c.retired || c.inUse > 0) {
                return;  // in use again; its next release schedules a new check
            }
            long idleFor = owner.clock().nanoTime() - c.idleSinceNanos;
            if (idleFor < idleTimeoutNanos) {
                c.evictionScheduled = true;
                c.channel().eventLoop().schedule(() -> evictIfIdle(c), idleTimeoutNanos - idleFor, TimeUnit.NANOSECONDS);
                return;
            }
            retire(c);
        }
        dispatch();
    }

    synchronized int openConnections() {
        return open;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
