package dev.shoal.internal.pool;

import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Origin;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;

import java.util.concurrent.CompletableFuture;

/** For the exchanges' tests: a pool that lends a connection the test made (on an EmbeddedChannel, say), as a connect would. */
public final class TestPools {
    private TestPools() {
    }

    /** A pool of at most one connection to {@code c}'s origin, which lends {@code c} to {@code call} now. */
    public static ConnectionPool lending(Connection c, Call call) {
        Connector once = new Connector() {
            @Override
            public boolean mayMultiplex(Origin origin) {
                return c.isMultiplexed();
            }

            @Override
            public CompletableFuture<Connection> connect(Origin origin, Call caller) {
                return CompletableFuture.completedFuture(c);
            }

            @Override
            public CompletableFuture<Connection> connectShared(Origin origin, EventLoop loop, Events events) {
                return CompletableFuture.completedFuture(c);
            }
        };
        ConnectionPool pool = new ConnectionPool(once, 1, 0, 10, 100, Ticker.systemTicker());
        CompletableFuture<Connection> lent = pool.acquire(c.origin(), call, true);
        if (lent.getNow(null) != c) {
            throw new IllegalStateException("the pool did not lend the connection at once");
        }
        return pool;
    }
}
