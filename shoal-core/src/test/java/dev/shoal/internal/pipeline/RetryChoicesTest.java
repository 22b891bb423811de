package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.RetryPolicy;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.dns.NoSuchHostException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry flags' decisions (curl's --retry-all-errors, --retry-max-time, and --retry-on), with a fake clock. */
class RetryChoicesTest {
    static final RetryPolicy DEFAULT = RetryPolicy.backoff(3);

    @Test
    void retryOnReplacesTheDefaultStatuses() {
        assertTrue(RetryRules.isRetryable(DEFAULT, 503));
        assertFalse(RetryRules.isRetryable(DEFAULT, 500));
        RetryPolicy only500 = DEFAULT.withRetryStatuses(Set.of(500, 418));
        assertTrue(RetryRules.isRetryable(only500, 500));
        assertTrue(RetryRules.isRetryable(only500, 418));
        assertFalse(RetryRules.isRetryable(only500, 503));
        assertFalse(RetryRules.isRetryable(DEFAULT.withRetryStatuses(Set.of()), 503));
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.withRetryStatuses(Set.of(1000)));
    }

    @Test
    void retryAllErrorsRetriesEveryKindButTheRequestsOwnEnd() {
        RetryPolicy all = DEFAULT.withRetryAllErrors(true);
        for (ErrorKind k : new ErrorKind[]{ErrorKind.TLS, ErrorKind.PROTOCOL, ErrorKind.BODY_TOO_LARGE, ErrorKind.IO, ErrorKind.PROXY}) {
            assertFalse(RetryRules.isRetryable(DEFAULT, Internal.shoalException(k, "x")), k.wireName());
            assertTrue(RetryRules.isRetryable(all, Internal.shoalException(k, "x")), k.wireName());
        }
        var nxdomain = Internal.shoalException(ErrorKind.DNS, "x", new NoSuchHostException("a.test"));
        assertFalse(RetryRules.isRetryable(DEFAULT, nxdomain));
        assertTrue(RetryRules.isRetryable(all, nxdomain));
        assertFalse(RetryRules.isRetryable(all, Internal.shoalException(ErrorKind.CANCELLED, "x")));
        assertFalse(RetryRules.isRetryable(all, Internal.shoalException(ErrorKind.TIMEOUT, "x")));
    }

    @Test
    void noRetryStartsAfterTheMaxRetryTimeSinceTheFirstAttempt() {
        long first = 1_000_000_000L;
        long second = 1_000_000_000L;
        RetryPolicy p = DEFAULT.withMaxRetryTime(Duration.ofSeconds(5));
        assertTrue(RetryRules.startsInTime(p, first, first + 2 * second, 3 * second));   // starts at 5 s: in time
        assertFalse(RetryRules.startsInTime(p, first, first + 2 * second, 3 * second + 1));
        assertFalse(RetryRules.startsInTime(p, first, first + 6 * second, 0));
        assertTrue(RetryRules.startsInTime(DEFAULT, first, first + 1_000 * second, 1_000 * second), "zero: no limit");
        assertThrows(IllegalArgumentException.class, () -> DEFAULT.withMaxRetryTime(Duration.ofSeconds(-1)));
    }

    @Test
    void theFourArgumentPolicyKeepsTheDefaults() {
        RetryPolicy p = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(3));
        assertEquals(RetryPolicy.DEFAULT_RETRY_STATUSES, p.retryStatuses());
        assertFalse(p.retryAllErrors());
        assertEquals(Duration.ZERO, p.maxRetryTime());
    }
}
