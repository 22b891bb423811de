package dev.shoal.internal.pipeline;

import dev.shoal.internal.base.Internal;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.RetryPolicy;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.upload.RequestBodies;
import dev.shoal.internal.base.Outcomes;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a hop again after a retryable failure or status, waiting per {@link RetryRules} on an event-loop
 * timer. Only idempotent hops are retried unless the request allows it, only with a body that can be sent
 * again (a one-shot publisher's failure says it was not retried), and never past the deadline nor the
 * policy's {@code maxRetryTime} since the first attempt: a wait that would end after either gives up and
 * returns what the last attempt got.
 */
public final class RetryStage implements Stage {

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        if (call.config().retry().maxRetries() == 0) {
            return next.proceed(call, hop);  // nothing to decide afterwards: no stage of our own on the result
        }
        return attempt(call, hop, next, 0, System.nanoTime());
    }

    private CompletableFuture<Response> attempt(Call call, Hop hop, Chain next, int retry, long firstAttemptNanos) {
        return next.proceed(call, hop).handle((response, error) -> {
            RetryPolicy policy = call.config().retry();
            boolean mayRetry = retry < policy.maxRetries() && !call.isDone()
                    && (Request.isIdempotent(hop.method()) || call.request().retryNonIdempotent());
            long delay = -1;
            if (mayRetry && error != null) {
                ShoalException e = Outcomes.asShoalException(error);
                if (RetryRules.isRetryable(policy, e)) {
                    delay = RetryRules.delayNanos(policy, retry, null, System.currentTimeMillis(), ThreadLocalRandom.current().nextDouble());
                }
            } else if (mayRetry && RetryRules.isRetryable(policy, response.status())) {
                delay = RetryRules.delayNanos(policy, retry, response.headers().get("Retry-After"),
                        System.currentTimeMillis(), ThreadLocalRandom.current().nextDouble());
            }
            if (delay >= 0 && !RequestBodies.canSendAgain(hop.body())) {
                return error != null ? CompletableFuture.<Response>failedFuture(notRetried(error))
                        : CompletableFuture.completedFuture(response);
            }
            if (delay < 0 || delay >= call.remainingNanos()
                    || !RetryRules.startsInTime(policy, firstAttemptNanos, System.nanoTime(), delay)) {
                return error != null ? CompletableFuture.<Response>failedFuture(error) : CompletableFuture.completedFuture(response);
            }
            discard(call, response);
            if (call.events().enabled()) {
                call.events().retryScheduled(error != null ? Outcomes.asShoalException(error).kind().wireName()
                        : "status " + response.status(), delay);
            }
            return call.delay(delay).thenCompose(ignored -> {
                call.retrying();
                return attempt(call, hop, next, retry + 1, firstAttemptNanos);
            });
        }).thenCompose(f -> f);
    }

    /** The failure, saying why it was not retried although it might have been. */
    private static ShoalException notRetried(Throwable error) {
        ShoalException e = Outcomes.asShoalException(error);
        return Internal.shoalException(e.kind(), e.getMessage() + " (not retried: " + RequestBodies.ONE_SHOT + ")", e.getCause());
    }

    /** A response that will not be handed out: its saved or streaming body goes too. */
    private static void discard(Call call, Response response) {
        call.dropPendingBody();
        if (response != null && response.bodyPath() != null) {
            try {
                Files.deleteIfExists(response.bodyPath());
            } catch (java.io.IOException ignored) {
                // the next attempt writes the same path
            }
        }
    }
}
