package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;

import java.util.concurrent.CompletableFuture;

/**
 * Starts a request's clock and deadline at once, without permits: the first stage of the client's own
 * side requests (robots.txt), which must not wait in line behind the requests that wait for them.
 */
public final class StartStage implements Stage {

    @Override
    public CompletableFuture<Response> send(Call call, Hop ignored, Chain next) {
        Hop hop = Hop.of(call.request());
        call.start();
        return next.proceed(call, hop);
    }
}
