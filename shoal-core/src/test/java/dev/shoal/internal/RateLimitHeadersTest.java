package dev.shoal.internal;

import dev.shoal.Headers;
import dev.shoal.internal.pipeline.RateLimitHeaders;
import dev.shoal.internal.pipeline.RetryRules;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a server's quota and Retry-After headers ask of the client, as pure functions. */
class RateLimitHeadersTest {
    static final long S = 1_000_000_000L;
    static final long NOW = 1_750_000_000_000L;

    static long exhausted(String... namesAndValues) {
        return RateLimitHeaders.exhaustedForNanos(Headers.of(namesAndValues), NOW);
    }

    @Test
    void theDraftsStructuredFieldWithNothingRemainingHoldsUntilItsReset() {
        assertEquals(30 * S, exhausted("RateLimit", "\"default\";r=0;t=30", "RateLimit-Policy", "\"default\";q=100;w=60"));
        assertEquals(-1, exhausted("RateLimit", "\"default\";r=5;t=30"), "some left: no hold");
        assertEquals(60 * S, exhausted("RateLimit", "\"default\";r=0", "RateLimit-Policy", "\"default\";q=100;w=60"),
                "no reset given: the policy's window");
        assertEquals(-1, exhausted("RateLimit", "\"default\";r=0"), "no reset, no policy: nothing to go by");
    }

    @Test
    void ofSeveralQuotasTheLongestExhaustedOneHolds() {
        assertEquals(50 * S, exhausted("RateLimit", "\"burst\";r=0;t=5, \"day\";r=0;t=50, \"hour\";r=9;t=900"));
        assertEquals(-1, exhausted("RateLimit", "\"a;b\";r=3;t=5"), "a quoted name may hold ; and ,");
    }

    @Test
    void theOlderHeaderPairInSecondsOrEpochSeconds() {
        assertEquals(7 * S, exhausted("RateLimit-Remaining", "0", "RateLimit-Reset", "7"));
        assertEquals(-1, exhausted("RateLimit-Remaining", "3", "RateLimit-Reset", "7"));
        assertEquals(12 * S, exhausted("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", String.valueOf(NOW / 1000 + 12)));
        assertEquals(-1, exhausted("RateLimit-Remaining", "0", "RateLimit-Reset", "soon"));
        assertEquals(-1, exhausted());
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertEquals(120 * S, RetryRules.retryAfterNanos("120", NOW));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(NOW + 45_000), ZoneOffset.UTC));
        assertEquals(45 * S, RetryRules.retryAfterNanos(date, NOW));
        assertEquals(-1, RetryRules.retryAfterNanos("tomorrow", NOW));
    }

    @Test
    void retryAfterTooLongForALongIsAVeryLongWaitNotNone() {
        long longest = RetryRules.retryAfterNanos(String.valueOf(1L << 30), NOW);
        assertEquals(longest, RetryRules.retryAfterNanos("99999999999999999999999", NOW));
        assertEquals(-1, RetryRules.retryAfterNanos("-99999999999999999999999", NOW));
    }
}
