package dev.shoal;

import java.time.Duration;

/**
 * When and how long to wait before trying a request again. Retries apply to idempotent requests (or
 * those marked {@link Request.Builder#retryNonIdempotent}), after DNS failures (not after NXDOMAIN: the name
 * does not exist, and that answer is cached), connect failures, resets, read timeouts and statuses 408, 429,
 * 502, 503 and 504. The wait grows exponentially with full jitter, capped at
 * {@code maxDelay}; a {@code Retry-After} header (seconds or HTTP date) is honoured up to {@code maxRetryAfter}.
 *
 * @param maxRetries    retries after the first attempt; not negative
 * @param baseDelay     the first wait, before jitter
 * @param maxDelay      the longest wait, before jitter
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /**
     * Checks the policy.
     *
     * @param maxRetries not negative
     * @param baseDelay the first wait
     * @param maxDelay the longest wait
     * @param maxRetryAfter the longest Retry-After honoured
     * @throws IllegalArgumentException when {@code maxRetries} is negative
     */
    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
    }

    /** {@return no retries} */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /**
     * Up to {@code maxRetries} retries, starting near 250 ms and doubling, each wait at most 10 s.
     *
     * @param maxRetries not negative
     * @return the policy
     */
    public static RetryPolicy backoff(int maxRetries) {
        return new RetryPolicy(maxRetries, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /**
     * The same with another first wait.
     *
     * @param d the first wait
     * @return the policy
     */
    public RetryPolicy withBaseDelay(Duration d) {
        return new RetryPolicy(maxRetries, d, maxDelay, maxRetryAfter);
    }

    /**
     * The same with another longest wait.
     *
     * @param d the longest wait
     * @return the policy
     */
    public RetryPolicy withMaxDelay(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, d, maxRetryAfter);
    }

    /**
     * The same with another longest {@code Retry-After}.
     *
     * @param d the longest {@code Retry-After} honoured
     * @return the policy
     */
    public RetryPolicy withMaxRetryAfter(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, d);
    }
}
