package dev.shoal.internal.dns;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * At most {@code capacity} DNS queries in flight: a name takes as many permits as the queries it sends at once
 * (A and AAAA: two) and waits, without a thread, in arrival order while they are not free.
 */
final class QueryLimiter {
    private record Waiter(int permits, CompletableFuture<Void> granted) {
    }

    private final int capacity;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int used;

    QueryLimiter(int capacity) {
        this.capacity = capacity;
    }

    /** Completes once {@code permits} are held; the caller gives them back with {@link #release}. */
    CompletableFuture<Void> acquire(int permits) {
        synchronized (this) {
            if (waiting.isEmpty() && used + permits <= capacity) {
                used += permits;
                return CompletableFuture.completedFuture(null);
            }
            Waiter w = new Waiter(permits, new CompletableFuture<>());
            waiting.add(w);
            return w.granted();
        }
    }

    void release(int permits) {
        ArrayDeque<Waiter> granted = new ArrayDeque<>();
        synchronized (this) {
            used -= permits;
            while (!waiting.isEmpty() && used + waiting.peek().permits() <= capacity) {
                Waiter w = waiting.poll();
                used += w.permits();
                granted.add(w);
            }
        }
        for (Waiter w : granted) {
            w.granted().complete(null);  // outside the lock: the waiter's query starts here
        }
    }

    synchronized int inUse() {
        return used;
    }
}
