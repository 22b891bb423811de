package dev.shoal.internal.pool;

import dev.shoal.Response;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.Origin;
import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;

/**
 * An open connection to one origin, lent by its {@link OriginPool} for one exchange at a time. When the
 * exchange ends the connection gives itself back, reusable or not.
 */
public abstract class Connection {
    protected final Channel channel;
    protected final Origin origin;
    private OriginPool pool;

    // pool bookkeeping, guarded by the pool's lock
    boolean idle;
    boolean retired;
    long idleSinceNanos;
    boolean evictionScheduled;

    private int exchanges;

    protected Connection(Channel channel, Origin origin) {
        this.channel = channel;
        this.origin = origin;
    }

    void attach(OriginPool pool) {
        this.pool = pool;
    }

    public Channel channel() {
        return channel;
    }

    public Origin origin() {
        return origin;
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

    /** Hands the connection back after an exchange; a connection that cannot be reused is closed. */
    protected final void release(boolean reusable) {
        if (!reusable) {
            channel.close();
        }
        pool.release(this, reusable && channel.isActive());
    }

    /** The server closed the connection (or it broke): forget it. */
    protected final void closed() {
        if (pool != null) {
            pool.closed(this);
        }
    }
}
