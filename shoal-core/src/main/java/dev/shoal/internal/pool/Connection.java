package dev.shoal.internal.pool;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;

/**
 * An open connection to one origin, lent by its {@link OriginPool} for up to {@link #capacity()} exchanges
 * at once: one for HTTP/1.1, the server's stream limit for HTTP/2. When an exchange ends the connection
 * gives its slot back, reusable or not.
 */
public abstract class Connection {
    protected final Channel channel;
    protected final Origin origin;
    private OriginPool pool;

    // pool bookkeeping, guarded by the pool's lock
    int inUse;
    boolean hasRoomListed;
    boolean retired;
    long idleSinceNanos;
    boolean evictionScheduled;
    long lentAtNanos;

    private int exchanges;

    // how this connection was set up (System.nanoTime), stamped once before any exchange
    private long readyNanos;
    private long dnsNanos;
    private long connectNanos;
    private long tlsNanos;

    protected Connection(Channel channel, Origin origin) {
        this.channel = channel;
        this.origin = origin;
    }

    void attach(OriginPool pool) {
        this.pool = pool;
    }

    OriginPool pool() {
        return pool;
    }

    /** Records how the set-up went: phases in nanoseconds, and when it was ready for exchanges. */
    void setUp(long dnsNanos, long connectNanos, long tlsNanos, long readyNanos) {
        this.dnsNanos = dnsNanos;
        this.connectNanos = connectNanos;
        this.tlsNanos = tlsNanos;
        this.readyNanos = readyNanos;
    }

    /** When it was ready for exchanges (System.nanoTime). */
    public long readyNanos() {
        return readyNanos;
    }

    public long dnsNanos() {
        return dnsNanos;
    }

    /** TCP connect, tunnel and the protocol's set-up: the set-up's time beside DNS and TLS. */
    public long connectNanos() {
        return connectNanos;
    }

    public long tlsNanos() {
        return tlsNanos;
    }

    /**
     * Its whole set-up, from the start of the attempt to readiness: a wait for a place among the client's
     * connects (its socket budget and bound on connects in progress) comes before and is not counted.
     */
    public long setupNanos() {
        return dnsNanos + connectNanos + tlsNanos;
    }

    /** The address connected to (a proxy's, through one); null if the channel does not say. */
    public java.net.InetSocketAddress remoteAddress() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress a ? a : null;
    }

    public Channel channel() {
        return channel;
    }

    public Origin origin() {
        return origin;
    }

    /** Exchanges this connection carries at once; it may change while it is open (HTTP/2 SETTINGS). */
    public int capacity() {
        return 1;
    }

    /** Whether a new exchange may start on it; an HTTP/2 connection stops after GOAWAY. */
    public boolean acceptsExchanges() {
        return channel.isActive();
    }

    /** Whether it serves many exchanges at once: the pool then shares it instead of opening more. */
    public boolean isMultiplexed() {
        return false;
    }

    /** Completes when the connection may take exchanges (HTTP/2: once the server's settings arrived). */
    protected CompletableFuture<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Counts an exchange starting on this connection; returns true when it has served one before, so that
     * a failure on it may be a stale keep-alive rather than the server's answer. Event loop only.
     */
    protected boolean beginExchange() {
        return exchanges++ > 0;
    }

    /** Sends one request and reads its response; completes on the connection's event loop. */
    public abstract CompletableFuture<Response> exchange(Call call, Hop hop);

    /** The protocol name for rows: {@code http/1.1} or {@code h2}. */
    public abstract String protocol();

    /** Gives back an exchange's slot; a connection that cannot be reused is closed. */
    protected final void release(boolean reusable) {
        if (!reusable) {
            channel.close();
        }
        pool.release(this, reusable && channel.isActive());
    }

    /** Its capacity changed or it stopped taking exchanges: the pool looks at it again. */
    protected final void changed() {
        if (pool != null) {
            pool.changed(this);
        }
    }

    /** The server closed the connection (or it broke): forget it. */
    protected final void closed() {
        if (pool != null) {
            pool.closed(this);
        }
    }
}
