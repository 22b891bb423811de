package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.StaleConnectionException;
import dev.shoal.internal.UnprocessedRequestException;
import dev.shoal.internal.limit.RateLimiter;
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
        return pool.acquire(hop.origin(), call, fresh)
                .thenCompose(connection -> connection.exchange(call, hop))
                .handle((response, error) -> {
                    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (e instanceof StaleConnectionException stale) {
                        return fresh || call.isDone()
                                ? CompletableFuture.<Response>failedFuture(stale.error())
                                : exchange(call, hop, true, replays);
                    }
                    if (e instanceof UnprocessedRequestException unprocessed) {
                        return replays >= MAX_REPLAYS || call.isDone()
                                ? CompletableFuture.<Response>failedFuture(unprocessed.error())
                                : exchange(call, hop, fresh, replays + 1);
                    }
                    return e != null ? CompletableFuture.<Response>failedFuture(e) : CompletableFuture.completedFuture(response);
                })
                .thenCompose(f -> f);
    }
}
