package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.call.Hop;
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
        Events events = call.events();
        String origin = events.enabled() ? hop.origin().toString() : null;
        Limiter.Ticket ticket = limiter.acquire(hop.origin(), events.enabled() ? () -> {
            events.hostPermitWaitEnd(origin);
            events.globalPermitWaitStart();
        } : null);
        call.onEnd(ticket);  // running a ticket releases it
        if (ticket.isGranted()) {
            call.start();
            return next.proceed(call, hop);
        }
        long waitingSince = System.nanoTime();
        if (events.enabled()) {
            if (ticket.queuedForHost()) {
                events.hostPermitWaitStart(origin);
            } else {
                events.globalPermitWaitStart();
            }
        }
        return ticket.granted().thenCompose(t -> {
            events.globalPermitWaitEnd();
            call.addQueued(System.nanoTime() - waitingSince);
            call.start();
            return next.proceed(call, hop);
        });
    }
}
