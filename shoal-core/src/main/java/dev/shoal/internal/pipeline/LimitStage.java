package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.limit.Limiter;

import java.util.concurrent.CompletableFuture;

/**
 * Waits (without a thread) for a per-host and a global permit; the request's clock and deadline start
 * once both are held, and both are given back when the request ends, however it ends.
 */
public final class LimitStage implements Stage {
    private final Limiter limiter;

    public LimitStage(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        Limiter.Ticket ticket = limiter.acquire(hop.origin());
        call.onEnd(ticket);  // running a ticket releases it
        if (ticket.isGranted()) {
            call.start();
            return next.proceed(call, hop);
        }
        return ticket.granted().thenCompose(t -> {
            call.start();
            return next.proceed(call, hop);
        });
    }
}
