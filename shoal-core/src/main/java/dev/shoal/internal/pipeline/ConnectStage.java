package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.StaleConnectionException;
import dev.shoal.internal.UnprocessedRequestException;
import dev.shoal.internal.limit.RateLimiter;
import dev.shoal.internal.pool.Connection;
import dev.shoal.internal.pool.ConnectionPool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The last stage: waits for the origin's rate slot, takes a connection from the pool and runs the exchange
 * on it. Neither is a retry, both are invisible: a pooled connection found stale is replaced by a fresh one
 * once; a request the server did not process (HTTP/2 GOAWAY, REFUSED_STREAM) goes again on another
 * connection, up to {@link #MAX_REPLAYS} times, so a server that refuses everything still gets an answer.
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
            return call.delay(wait).thenCompose(ignored -> exchange(call, hop, false, 0));
        }
        return exchange(call, hop, false, 0);
    }

    private CompletableFuture<Response> exchange(Call call, Hop hop, boolean fresh, int replays) {
        CompletableFuture<Response> exchanged;
        try {
            CompletableFuture<Connection> acquired = pool.acquire(hop.origin(), call, fresh);
            exchanged = acquired.isDone() && !acquired.isCompletedExceptionally()
                    ? acquired.join().exchange(call, hop)  // a pooled connection was free: no stage to wait on it
                    : acquired.thenCompose(connection -> connection.exchange(call, hop));
        } catch (RuntimeException e) {
            // thrown here, it would be lost in a replay's callback below and leave the call without an answer
            exchanged = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Response> result = new CompletableFuture<>();
        exchanged.whenComplete((response, error) -> {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof StaleConnectionException stale) {
                if (fresh || call.isDone()) {
                    result.completeExceptionally(stale.error());
                } else {
                    relay(exchange(call, hop, true, replays), result);
                }
            } else if (e instanceof UnprocessedRequestException unprocessed) {
                if (replays >= MAX_REPLAYS || call.isDone()) {
                    result.completeExceptionally(unprocessed.error());
                } else {
                    relay(exchange(call, hop, fresh, replays + 1), result);
                }
            } else if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(response);
            }
        });
        return result;
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
