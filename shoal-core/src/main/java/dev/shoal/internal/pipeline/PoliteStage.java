package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.Origin;
import dev.shoal.internal.limit.Politeness;

import java.util.concurrent.CompletableFuture;

/**
 * Just before a request is sent (every attempt and redirect hop): waits for its host's hold and adapted
 * spacing, with its deadline running (a hold that outlasts it ends the request as {@code timeout}); then
 * reads the answer for what the host asks next: a 429 or 503 with {@code Retry-After}, or a {@code RateLimit}
 * header with nothing left, holds the whole host; a 429 or 503 without one slows it ({@link Politeness}).
 */
public final class PoliteStage implements Stage {
    private final Politeness politeness;
    private final boolean adapt;

    /** @param adapt whether answers hold and slow the host (else only robots.txt's Crawl-delay paces it) */
    public PoliteStage(Politeness politeness, boolean adapt) {
        this.politeness = politeness;
        this.adapt = adapt;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        long wait = politeness.reserve(hop.origin());
        if (wait <= 0) {
            return sendNow(call, hop, next);
        }
        call.addPolite(wait);
        return call.delay(wait).thenCompose(ignored -> sendNow(call, hop, next));
    }

    private CompletableFuture<Response> sendNow(Call call, Hop hop, Chain next) {
        if (!adapt) {
            return next.proceed(call, hop);
        }
        long sentAt = politeness.now();
        return next.proceed(call, hop).whenComplete((response, error) -> {
            if (response != null) {
                heard(hop.origin(), response, sentAt);
            }
        });
    }

    private void heard(Origin origin, Response response, long sentAt) {
        long nowMillis = System.currentTimeMillis();
        long hold = RateLimitHeaders.exhaustedForNanos(response.headers(), nowMillis);
        int status = response.status();
        boolean overloaded = status == 429 || status == 503;
        if (overloaded) {
            hold = Math.max(hold, RetryRules.retryAfterNanos(response.headers().get("Retry-After"), nowMillis));
        }
        if (hold >= 0) {
            politeness.hold(origin, hold);
        } else if (overloaded) {
            politeness.overloaded(origin, sentAt);
        } else {
            politeness.succeeded(origin, sentAt);
        }
    }
}
