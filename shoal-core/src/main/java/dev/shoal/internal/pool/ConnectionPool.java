package dev.shoal.internal.pool;

import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Origin;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-origin pools of one client. A pool exists only while it has connections or waiters. Idle
 * connections are capped across all origins (least recently used closed first), and sockets opened within
 * a budget: see {@link IdleConnections} and {@link SocketBudget}.
 */
public final class ConnectionPool {
    private final ConcurrentHashMap<Origin, OriginPool> pools = new ConcurrentHashMap<>();
    private final Connector factory;
    private final int maxPerOrigin;
    private final long idleTimeoutNanos;
    private final IdleConnections idle;
    private final SocketBudget budget;
    private final Ticker clock;
    private final DialOrWait.ClientWide exchangeTimes = new DialOrWait.ClientWide();

    /**
     * @param maxIdle    idle connections kept over all origins
     * @param maxSockets sockets open at once before an idle one is closed to open another
     */
    public ConnectionPool(ConnectionFactory factory, int maxPerOrigin, long idleTimeoutNanos, int maxIdle, int maxSockets) {
        this(factory, maxPerOrigin, idleTimeoutNanos, maxIdle, maxSockets, Ticker.systemTicker());
    }

    /**
     * @param clock what idle times are measured with; the connections' event loops must schedule by the same
     *              (tests pass a mock ticker to both, and fake connections to {@code factory})
     */
    ConnectionPool(Connector factory, int maxPerOrigin, long idleTimeoutNanos, int maxIdle, int maxSockets, Ticker clock) {
        this(factory, maxPerOrigin, idleTimeoutNanos, maxIdle, maxSockets, clock, ConnectGate.DEFAULT_MAX);
    }

    /** @param maxConnecting connects in progress at once over all origins (see {@link ConnectGate}) */
    ConnectionPool(Connector factory, int maxPerOrigin, long idleTimeoutNanos, int maxIdle, int maxSockets, Ticker clock,
                   int maxConnecting) {
        this.factory = factory;
        this.clock = clock;
        this.maxPerOrigin = maxPerOrigin;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.idle = new IdleConnections(maxIdle, this::socketsWanted);
        this.budget = new SocketBudget(factory, idle, maxSockets, new ConnectGate(maxConnecting));
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

    private boolean socketsWanted() {
        return budget.anyoneWaiting();
    }

    Connector factory() {
        return factory;
    }

    Ticker clock() {
        return clock;
    }

    DialOrWait.ClientWide exchangeTimes() {
        return exchangeTimes;
    }

    IdleConnections idle() {
        return idle;
    }

    /** A new connection for a pool, within the socket budget, its set-up told to {@code events}; see {@link SocketBudget#open}. */
    CompletableFuture<Connection> open(Origin origin, EventLoop loop, Call call, Events events) {
        return budget.open(origin, loop, call, events);
    }

    void remove(Origin origin, OriginPool pool) {
        pools.remove(origin, pool);
    }

    /** Origins with a pool now (bounded by activity, not by the number of hosts ever seen). */
    public int origins() {
        return pools.size();
    }

    /** Connections the pools count: open, being opened, or closing. */
    public int openConnections() {
        int n = 0;
        for (OriginPool p : pools.values()) {
            n += p.openConnections();
        }
        return n;
    }

    /** Connections open now with no exchange on them. */
    public int idleConnections() {
        return idle.size();
    }

    /** Sockets opened and not closed yet (a connect in progress counts). */
    public int sockets() {
        return budget.sockets();
    }
}
