package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.StaleConnectionException;
import dev.shoal.internal.base.UnprocessedRequestException;
import dev.shoal.internal.limit.RateLimiter;
import dev.shoal.internal.pool.Connection;
import dev.shoal.internal.pool.ConnectionPool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The last stage: waits for the origin's rate slot, takes a connection from the pool and runs the exchange
 * on it. Neither is a retry, both are invisible: a request on a pooled connection found stale goes again on a
 * fresh one where the host's bound leaves room, else on the next connection free, which may have gone stale
 * too; a request the server did not process (HTTP/2 GOAWAY, REFUSED_STREAM) goes again on another connection.
 * Either way up to {@link #MAX_REPLAYS} times, so a server that refuses everything still gets an answer.
 */
public final class ConnectStage implements Stage {
    static final int MAX_REPLAYS = 10;

    private final ConnectionPool pool;
    private final RateLimiter rate;

    public ConnectStage(ConnectionPool pool, RateLimiter rate) {
        this.pool = pool;
        this.rate = rate;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        long wait = rate.reserve(hop.origin());
        if (wait > 0) {
            call.addQueued(wait);
            String origin = call.events().enabled() ? hop.origin().toString() : null;
            call.events().rateTokenWaitStart(origin, wait);
            return call.delay(wait).thenCompose(ignored -> {
                call.events().rateTokenWaitEnd(origin);
                return exchange(call, hop, false, 0);
            });
        }
        return exchange(call, hop, false, 0);
    }

    private CompletableFuture<Response> exchange(Call call, Hop hop, boolean fresh, int replays) {
        CompletableFuture<Response> exchanged;
        try {
            long asked = System.nanoTime();
            CompletableFuture<Connection> acquired = pool.acquire(hop.origin(), call, fresh);
            if (acquired.isDone() && !acquired.isCompletedExceptionally()) {
                Connection pooled = acquired.join();  // a pooled connection was free: no stage to wait on it
                acquiredAt(call, pooled, asked, false);
                exchanged = pooled.exchange(call, hop);
            } else {
                exchanged = acquired.handle((connection, error) -> {
                    if (error != null) {
                        notAcquired(call, asked, error);
                        return CompletableFuture.<Response>failedFuture(error);
                    }
                    acquiredAt(call, connection, asked, true);
                    return connection.exchange(call, hop);
                }).thenCompose(f -> f);
            }
        } catch (RuntimeException e) {
            // thrown here, it would be lost in a replay's callback below and leave the call without an answer
            exchanged = CompletableFuture.failedFuture(e);
        }
        Exchanged result = new Exchanged(call, hop, fresh, replays);
        exchanged.whenComplete(result);
        return result;
    }

    /**
     * The result of an exchange, which is replayed when it met a stale connection or went unprocessed: a future
     * that is its own callback (a class, not a lambda: see dev.shoal.internal's package-info).
     */
    private final class Exchanged extends CompletableFuture<Response> implements BiConsumer<Response, Throwable> {
        private final Call call;
        private final Hop hop;
        private final boolean fresh;
        private final int replays;

        Exchanged(Call call, Hop hop, boolean fresh, int replays) {
            this.call = call;
            this.hop = hop;
            this.fresh = fresh;
            this.replays = replays;
        }

        @Override
        public void accept(Response response, Throwable error) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof StaleConnectionException stale) {
                // only a reused connection is ever stale: a replay that had to take one (the host's connections
                // all busy) may meet another server's close, as a server that closes each connection after its
                // response without saying so makes every reused connection a race
                if (replays >= MAX_REPLAYS || call.isDone()) {
                    completeExceptionally(stale.error());
                } else {
                    relay(exchange(call, hop, true, replays + 1), this);
                }
            } else if (e instanceof UnprocessedRequestException unprocessed) {
                if (replays >= MAX_REPLAYS || call.isDone()) {
                    completeExceptionally(unprocessed.error());
                } else {
                    relay(exchange(call, hop, fresh, replays + 1), this);
                }
            } else if (e != null) {
                completeExceptionally(e);
            } else {
                complete(response);
            }
        }
    }

    /**
     * Counts what getting {@code c} cost the call: when it waited and the connection was set up meanwhile, the
     * set-up's phases, and the rest of the wait as queued; a pooled connection taken at once costs nothing.
     */
    private static void acquiredAt(Call call, Connection c, long asked, boolean waited) {
        // Ready after the call asked: set up for it (or for the line it waited in), even when that was so quick
        // that the pool's future was already complete by the time it was looked at.
        boolean setUpMeanwhile = c.readyNanos() != 0 && c.readyNanos() - asked > 0;
        if (waited || setUpMeanwhile) {
            long waitedFor = System.nanoTime() - asked;
            if (setUpMeanwhile) {
                call.addConnectionSetup(c.dnsNanos(), c.connectNanos(), c.tlsNanos());
                waitedFor -= c.setupNanos();
            }
            call.addQueued(Math.max(0, waitedFor));
        }
        call.connectedTo(c.remoteAddress());
        call.events().connectionAcquired(c.origin(), !setUpMeanwhile, c.protocol(), c.remoteAddress());
    }

    /** A connect that failed: its time counts in the phase that failed (DNS, TLS, else the connect). */
    private static void notAcquired(Call call, long asked, Throwable error) {
        long spent = System.nanoTime() - asked;
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ErrorKind kind = e instanceof ShoalException se ? se.kind() : ErrorKind.IO;
        switch (kind) {
            case DNS -> call.addConnectionSetup(spent, 0, 0);
            case TLS -> call.addConnectionSetup(0, 0, spent);
            case CANCELLED, TIMEOUT -> { }  // the call ended while it waited: no connect failed
            default -> call.addConnectionSetup(0, spent, 0);
        }
    }

    private static void relay(CompletableFuture<Response> from, CompletableFuture<Response> to) {
        from.whenComplete((response, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(response);
            }
        });
    }
}
