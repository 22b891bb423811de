package dev.shoal;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how long to wait before trying a request again. Retries apply to idempotent requests (or
 * those marked {@link Request.Builder#retryNonIdempotent}), after DNS failures (not after NXDOMAIN: the name
 * does not exist, and that answer is cached), connect failures, resets, read timeouts and the statuses of
 * {@code retryStatuses} (by default 408, 429, 502, 503 and 504). The wait grows exponentially with full jitter,
 * capped at {@code maxDelay}; a {@code Retry-After} header (seconds or HTTP date) is honoured up to
 * {@code maxRetryAfter}.
 *
 * <p>As curl's {@code --retry-all-errors}, {@code retryAllErrors} retries after a failure of any kind an attempt
 * can have (TLS, protocol, NXDOMAIN, a body too large...), not only those above; and as its
 * {@code --retry-max-time}, no retry starts later than {@code maxRetryTime} after the first attempt started
 * (zero: no such limit; the request's deadline holds either way).
 *
 * @param maxRetries     retries after the first attempt; not negative
 * @param baseDelay      the first wait, before jitter
 * @param maxDelay       the longest wait, before jitter
 * @param maxRetryAfter  the longest {@code Retry-After} honoured
 * @param retryStatuses  the response statuses retried (from 100 to 999), sorted
 * @param retryAllErrors whether a failure of any kind is retried
 * @param maxRetryTime   no retry starts after this much time since the first attempt; zero: no limit
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                          Set<Integer> retryStatuses, boolean retryAllErrors, Duration maxRetryTime) {

    /** 408 Request Timeout, 429 Too Many Requests, 502/503/504: the server says "not now". */
    public static final Set<Integer> DEFAULT_RETRY_STATUSES = Set.of(408, 429, 502, 503, 504);

    /**
     * Checks the policy.
     *
     * @param maxRetries not negative
     * @param baseDelay the first wait
     * @param maxDelay the longest wait
     * @param maxRetryAfter the longest Retry-After honoured
     * @param retryStatuses the statuses retried
     * @param retryAllErrors whether a failure of any kind is retried
     * @param maxRetryTime no retry starts after this much time since the first attempt; zero: no limit
     * @throws IllegalArgumentException when {@code maxRetries} or {@code maxRetryTime} is negative, or a status
     *     is out of range
     */
    public RetryPolicy {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
        Objects.requireNonNull(maxRetryTime, "maxRetryTime");
        if (maxRetryTime.isNegative()) throw new IllegalArgumentException("maxRetryTime < 0");
        for (int s : retryStatuses) {
            if (s < 100 || s > 999) throw new IllegalArgumentException("not an HTTP status: " + s);
        }
        retryStatuses = java.util.Collections.unmodifiableSet(new TreeSet<>(retryStatuses));
    }

    /**
     * A policy retrying the default statuses and failure kinds, without a limit on the time retries may start.
     *
     * @param maxRetries not negative
     * @param baseDelay the first wait
     * @param maxDelay the longest wait
     * @param maxRetryAfter the longest Retry-After honoured
     */
    public RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
        this(maxRetries, baseDelay, maxDelay, maxRetryAfter, DEFAULT_RETRY_STATUSES, false, Duration.ZERO);
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
        return new RetryPolicy(maxRetries, d, maxDelay, maxRetryAfter, retryStatuses, retryAllErrors, maxRetryTime);
    }

    /**
     * The same with another longest wait.
     *
     * @param d the longest wait
     * @return the policy
     */
    public RetryPolicy withMaxDelay(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, d, maxRetryAfter, retryStatuses, retryAllErrors, maxRetryTime);
    }

    /**
     * The same with another longest {@code Retry-After}.
     *
     * @param d the longest {@code Retry-After} honoured
     * @return the policy
     */
    public RetryPolicy withMaxRetryAfter(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, d, retryStatuses, retryAllErrors, maxRetryTime);
    }

    /**
     * The same, retrying these statuses instead (curl has no such flag; {@code shoal fetch --retry-on}).
     *
     * @param statuses the statuses retried; empty: none
     * @return the policy
     */
    public RetryPolicy withRetryStatuses(Set<Integer> statuses) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, maxRetryAfter, statuses, retryAllErrors, maxRetryTime);
    }

    /**
     * The same, retrying failures of any kind or only the default ones (curl's {@code --retry-all-errors}).
     *
     * @param all whether a failure of any kind is retried
     * @return the policy
     */
    public RetryPolicy withRetryAllErrors(boolean all) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, maxRetryAfter, retryStatuses, all, maxRetryTime);
    }

    /**
     * The same, starting no retry later than {@code d} after the first attempt (curl's {@code --retry-max-time}).
     *
     * @param d the limit; zero: none
     * @return the policy
     */
    public RetryPolicy withMaxRetryTime(Duration d) {
        return new RetryPolicy(maxRetries, baseDelay, maxDelay, maxRetryAfter, retryStatuses, retryAllErrors, d);
    }
}
