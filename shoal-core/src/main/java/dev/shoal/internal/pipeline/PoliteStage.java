package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.limit.Limiter;
import dev.shoal.internal.limit.Politeness;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Just before a request is sent (every attempt and redirect hop): waits for its host's hold and adapted
 * spacing, with its deadline running (a wait that would outlast it ends the request as {@code timeout} at
 * once, as {@link RetryStage} does with a back-off, rather than holding its permits to the end); then
 * reads the answer for what the host asks next: a 429 or 503 with {@code Retry-After}, or a {@code RateLimit}
 * header with nothing left, holds the whole host; a 429 or 503 without one slows it ({@link Politeness}).
 */
public final class PoliteStage implements Stage {
    private final Politeness politeness;
    private final Limiter limiter;
    private final boolean adapt;

    /**
     * @param limiter woken when a hold ends (a held host admits no one meanwhile)
     * @param adapt whether answers hold and slow the host (else only robots.txt's Crawl-delay paces it)
     */
    public PoliteStage(Politeness politeness, Limiter limiter, boolean adapt) {
        this.politeness = politeness;
        this.limiter = limiter;
        this.adapt = adapt;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        long remaining = call.remainingNanos();
        long wait = politeness.reserve(hop.origin(), remaining);
        if (wait <= 0) {
            return sendNow(call, hop, next);
        }
        if (wait > remaining) {
            // the deadline would pass first: end now, as it would then, and leave the slot to a request that can use it
            call.addPolite(Math.max(0, remaining));
            return CompletableFuture.failedFuture(Internal.shoalException(ErrorKind.TIMEOUT, "deadline would pass while "
                    + hop.origin() + " asked to wait " + Math.round(wait / 1e6) + " ms more (Retry-After, RateLimit or 429/503 pace)"));
        }
        call.addPolite(wait);
        return call.delay(wait).thenCompose(ignored -> sendNow(call, hop, next));
    }

    private CompletableFuture<Response> sendNow(Call call, Hop hop, Chain next) {
        if (!adapt) {
            return next.proceed(call, hop);
        }
        long sentAt = politeness.now();
        return next.proceed(call, hop).whenComplete(new Heard(hop.origin(), sentAt, call.loop()));
    }

    /** Reads an answer for what the host asks next (a class, not a lambda: see dev.shoal.internal's package-info). */
    private final class Heard implements BiConsumer<Response, Throwable> {
        private final Origin origin;
        private final long sentAt;
        private final EventLoop loop;

        Heard(Origin origin, long sentAt, EventLoop loop) {
            this.origin = origin;
            this.sentAt = sentAt;
            this.loop = loop;
        }

        @Override
        public void accept(Response response, Throwable error) {
            if (response != null) {
                heard(origin, response, sentAt, loop);
            }
        }
    }

    private void heard(Origin origin, Response response, long sentAt, EventLoop loop) {
        long nowMillis = System.currentTimeMillis();
        long hold = RateLimitHeaders.exhaustedForNanos(response.headers(), nowMillis);
        int status = response.status();
        boolean overloaded = status == 429 || status == 503;
        if (overloaded) {
            hold = Math.max(hold, RetryRules.retryAfterNanos(response.headers().get("Retry-After"), nowMillis));
        }
        if (hold >= 0) {
            long held = politeness.hold(origin, hold);
            loop.schedule(() -> limiter.wake(origin), held, TimeUnit.NANOSECONDS);
        } else if (overloaded) {
            politeness.overloaded(origin, sentAt);
        } else {
            politeness.succeeded(origin, sentAt);
        }
    }
}
