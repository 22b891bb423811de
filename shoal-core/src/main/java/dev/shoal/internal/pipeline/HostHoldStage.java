package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.limit.Politeness;

import java.util.concurrent.CompletableFuture;

/**
 * Before a request asks for its permits: while its host is held (the host said "not before then"), it waits
 * here, holding no permit, so that the other hosts' requests go on meanwhile. Waiting in line, its deadline
 * has not started (see {@link LimitStage}); a hold is at most the client's longest Retry-After.
 */
public final class HostHoldStage implements Stage {
    private final Politeness politeness;

    public HostHoldStage(Politeness politeness) {
        this.politeness = politeness;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        long hold = politeness.holdRemaining(hop.origin());
        if (hold <= 0) {
            return next.proceed(call, hop);
        }
        politeness.parked(true);
        call.addPolite(hold);
        CompletableFuture<Void> waited = call.delay(hold);
        waited.whenComplete((ignored, error) -> politeness.parked(false));
        call.onEnd(() -> waited.complete(null));  // ended while held (cancelled): no longer parked
        return waited.thenCompose(ignored -> call.isDone() ? call.result() : send(call, hop, next));  // the hold may have grown
    }
}
