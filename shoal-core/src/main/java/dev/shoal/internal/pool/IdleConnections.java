package dev.shoal.internal.pool;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The idle connections of every origin, least recently used first, at most {@code cap} of them: on a crawl
 * over many hosts, connections to hosts already done would otherwise keep their sockets until their idle
 * timeout and run the process out of file descriptors.
 *
 * <p>Locks: an origin pool tells of its connections while holding its own lock; this class never takes a
 * pool's lock while holding its own. A connection pushed out over the cap (or while someone waits for a
 * socket) waits in {@code doomed} until
 * {@link #closeDoomed()}, called with no lock held, asks its pool to close it (unless it was taken meanwhile).
 */
final class IdleConnections {
    private final int cap;
    private final BooleanSupplier socketsWanted;
    private final LinkedHashSet<Connection> idle = new LinkedHashSet<>();
    private final ArrayDeque<Connection> doomed = new ArrayDeque<>();

    /** @param socketsWanted whether someone waits for a socket to close: then no connection is kept idle */
    IdleConnections(int cap, BooleanSupplier socketsWanted) {
        this.cap = cap;
        this.socketsWanted = socketsWanted;
    }

    int cap() {
        return cap;
    }

    /** {@code c} has no exchange now: it becomes the most recently used idle one. Under its pool's lock. */
    synchronized void add(Connection c) {
        if (!doomed.isEmpty()) {
            doomed.remove(c);  // lent out and given back since it was pushed out: the most recent again
        }
        idle.remove(c);
        idle.add(c);
        while (idle.size() > cap) {
            doomEldest();
        }
        if (!idle.isEmpty() && socketsWanted.getAsBoolean()) {
            doomEldest();  // one connection falling idle frees one place for whoever waits
        }
    }

    private void doomEldest() {
        Iterator<Connection> eldest = idle.iterator();
        doomed.add(eldest.next());
        eldest.remove();
    }

    /** {@code c} carries an exchange again, or was closed. Under its pool's lock. */
    synchronized void remove(Connection c) {
        idle.remove(c);
    }

    synchronized int size() {
        return idle.size();
    }

    /** Closes the connections pushed out over the cap, unless their pool lent them out meanwhile. No lock held. */
    void closeDoomed() {
        Connection c;
        while ((c = pollDoomed()) != null) {
            c.pool().retireIfIdle(c);
        }
    }

    private synchronized Connection pollDoomed() {
        return doomed.poll();
    }

    /**
     * Closes the least recently used idle connection to free its socket; the future completes once it is
     * closed. Null when there is none to close. No lock held.
     */
    CompletableFuture<Void> closeEldest() {
        closeDoomed();
        while (true) {
            Connection c;
            synchronized (this) {
                Iterator<Connection> eldest = idle.iterator();
                if (!eldest.hasNext()) {
                    return null;
                }
                c = eldest.next();
                eldest.remove();
            }
            if (c.pool().retireIfIdle(c)) {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                c.channel().closeFuture().addListener(f -> closed.complete(null));
                return closed;
            }
        }
    }
}
