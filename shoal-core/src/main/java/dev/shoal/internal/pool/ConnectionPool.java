package dev.shoal.internal.pool;

import dev.shoal.internal.Call;
import dev.shoal.internal.Origin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The per-origin pools of one client. A pool exists only while it has connections or waiters. */
public final class ConnectionPool {
    private final ConcurrentHashMap<Origin, OriginPool> pools = new ConcurrentHashMap<>();
    private final ConnectionFactory factory;
    private final int maxPerOrigin;
    private final long idleTimeoutNanos;

    public ConnectionPool(ConnectionFactory factory, int maxPerOrigin, long idleTimeoutNanos) {
        this.factory = factory;
        this.maxPerOrigin = maxPerOrigin;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** A connection to {@code origin}: pooled if one is idle (unless {@code fresh}), else new or awaited. */
    public CompletableFuture<Connection> acquire(Origin origin, Call call, boolean fresh) {
        while (true) {
            OriginPool pool = pools.get(origin);  // a plain read first: computeIfAbsent's lambda costs an allocation per call
            if (pool == null) {
                pool = pools.computeIfAbsent(origin, o -> new OriginPool(o, this, maxPerOrigin, idleTimeoutNanos));
            }
            CompletableFuture<Connection> c = pool.acquire(call, fresh);
            if (c != null) {
                return c;
            }
            // that pool had just emptied and removed itself: take a new one
        }
    }

    ConnectionFactory factory() {
        return factory;
    }

    void remove(Origin origin, OriginPool pool) {
        pools.remove(origin, pool);
    }

    /** Origins with a pool now (bounded by activity, not by the number of hosts ever seen). */
    public int origins() {
        return pools.size();
    }

    public int openConnections() {
        int n = 0;
        for (OriginPool p : pools.values()) {
            n += p.openConnections();
        }
        return n;
    }
}
