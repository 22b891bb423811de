package dev.shoal;

import java.time.Duration;

/**
 * When and how long to wait before trying a request again. Retries apply to idempotent requests (or
 * those marked {@link Request.Builder#retryNonIdempotent}), after DNS failures (not after NXDOMAIN: the name
 * does not exist, and that answer is cached), connect failures, resets, read timeouts and statuses 408, 429,
 * 502, 503 and 504. The wait grows exponentially with full jitter, capped at
 * {@code maxDelay}; a {@code Retry-After} header (seconds or HTTP date) is honoured up to {@code maxRetryAfter}.
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** Up to {@code maxRetries} retries, starting near 250 ms and doubling, each wait at most 10 s. */
    public static RetryPolicy backoff(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    public RetryPolicy withBaseDelay(Duration d) {
        return new RetryPolicy(maxRetries, d, maxDelay, maxRetryAfter);
    }

    public RetryPolicy withMaxDelay(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, d, maxRetryAfter);
    }

    public RetryPolicy withMaxRetryAfter(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, d);
    }
}
