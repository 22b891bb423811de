package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.RetryPolicy;
import dev.shoal.ShoalException;
import dev.shoal.internal.dns.NoSuchHostException;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/** What may be retried and how long to wait first, as pure functions. */
public final class RetryRules {
    private RetryRules() {
    }

    /** 408 Request Timeout, 429 Too Many Requests, 502/503/504: the server says "not now". */
    public static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
    }

    /** Failures where the request most likely did not get a hearing: connecting, a reset, silence, DNS. */
    public static boolean isRetryable(ErrorKind kind) {
        return switch (kind) {
            case DNS, CONNECT_REFUSED, CONNECT_TIMEOUT, CONNECTION_CLOSED, READ_TIMEOUT -> true;
            default -> false;
        };
    }

    /**
     * As {@link #isRetryable(ErrorKind)}, except a name the DNS said does not exist (NXDOMAIN): that answer is
     * cached, so asking again within the run would only fail again at once.
     */
    public static boolean isRetryable(ShoalException e) {
        return isRetryable(e.kind()) && !(e.kind() == ErrorKind.DNS && e.getCause() instanceof NoSuchHostException);
    }

    /** Whether {@code policy} retries a response with {@code status}. */
    public static boolean isRetryable(RetryPolicy policy, int status) {
        return policy.retryStatuses().contains(status);
    }

    /**
     * Whether {@code policy} retries the failure {@code e}: as {@link #isRetryable(ShoalException)}, or any kind
     * with {@link RetryPolicy#retryAllErrors()}, except the request's own end (cancelled, the deadline).
     */
    public static boolean isRetryable(RetryPolicy policy, ShoalException e) {
        if (policy.retryAllErrors()) {
            return e.kind() != ErrorKind.CANCELLED && e.kind() != ErrorKind.TIMEOUT;
        }
        return isRetryable(e);
    }

    /**
     * Whether a retry that would start after {@code delayNanos} from {@code nowNanos} starts within the policy's
     * {@link RetryPolicy#maxRetryTime()} of the first attempt's start (always, when that is zero).
     */
    public static boolean startsInTime(RetryPolicy policy, long firstAttemptNanos, long nowNanos, long delayNanos) {
        long limit = policy.maxRetryTime().toNanos();
        return limit == 0 || nowNanos - firstAttemptNanos + delayNanos <= limit;
    }

    /**
     * Nanoseconds to wait before retry number {@code retry} (0 for the first): the server's Retry-After if it
     * gave one (capped), else exponential backoff with "equal jitter" (half fixed, half random), capped.
     *
     * @param random a number in [0, 1)
     */
    public static long delayNanos(RetryPolicy policy, int retry, String retryAfter, long nowMillis, double random) {
        long serverSays = retryAfterNanos(retryAfter, nowMillis);
        if (serverSays >= 0) {
            return Math.min(serverSays, policy.maxRetryAfter().toNanos());
        }
        long base = policy.baseDelay().toNanos();
        long cap = policy.maxDelay().toNanos();
        long exp = retry >= 62 ? cap : Math.min(cap, base << Math.min(retry, 40));
        if (exp < 0) exp = cap;
        return exp / 2 + (long) (random * (exp / 2.0));
    }

    /** Retry-After as nanoseconds from now: delta-seconds or an HTTP date; -1 when absent or unreadable. */
    public static long retryAfterNanos(String value, long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? -1 : TimeUnit.SECONDS.toNanos(Math.min(seconds, 1L << 30));
        } catch (NumberFormatException notSeconds) {
            if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                // delay-seconds too long for a long still asks for a very long wait, not for none
                return TimeUnit.SECONDS.toNanos(1L << 30);
            }
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return TimeUnit.MILLISECONDS.toNanos(Math.max(0, at - nowMillis));
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }
}
