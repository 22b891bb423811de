package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.RetryPolicy;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.limit.Limiter;
import dev.shoal.internal.pipeline.Redirects;
import dev.shoal.internal.pipeline.RetryRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure decisions of the pipeline, without sockets. */
class RulesTest {
    static final byte[] BODY = {1, 2, 3};

    static Hop post(String url, Headers headers) {
        return Hop.at(url, "POST", headers, BODY);
    }

    @Test
    void relativeRedirectResolvesAgainstTheCurrentUrl() {
        Hop next = Redirects.next(Hop.at("http://a.test/x/y?q=1", "GET", Headers.empty(), new byte[0]), 302, "../z");
        assertEquals("http://a.test/z", next.url());
        assertEquals("/z", next.pathAndQuery());
    }

    @Test
    void postBecomesGetOn301302303AndStaysOn307308() {
        Headers h = Headers.of("Content-Type", "text/plain", "X-Keep", "1");
        for (int status : new int[]{301, 302, 303}) {
            Hop next = Redirects.next(post("http://a.test/", h), status, "/next");
            assertEquals("GET", next.method(), "status " + status);
            assertTrue(next.body().isEmpty());
            assertNull(next.headers().get("Content-Type"));
            assertEquals("1", next.headers().get("X-Keep"));
        }
        for (int status : new int[]{307, 308}) {
            Hop next = Redirects.next(post("http://a.test/", h), status, "/next");
            assertEquals("POST", next.method());
            assertEquals(BODY.length, next.body().contentLength());
        }
        Hop head = Redirects.next(Hop.at("http://a.test/", "HEAD", Headers.empty(), new byte[0]), 303, "/n");
        assertEquals("HEAD", head.method());
    }

    @Test
    void credentialsAreDroppedWhenTheOriginChanges() {
        Headers h = Headers.of("Authorization", "Basic eDp5", "Cookie", "a=b", "Proxy-Authorization", "p", "Accept", "x");
        Hop same = Redirects.next(Hop.at("http://a.test/", "GET", h, new byte[0]), 302, "/other");
        assertEquals("Basic eDp5", same.headers().get("Authorization"));
        assertEquals("a=b", same.headers().get("Cookie"));
        for (String target : new String[]{"http://b.test/", "https://a.test/", "http://a.test:8080/"}) {
            Hop other = Redirects.next(Hop.at("http://a.test/", "GET", h, new byte[0]), 302, target);
            assertNull(other.headers().get("Authorization"), target);
            assertNull(other.headers().get("Cookie"), target);
            assertNull(other.headers().get("Proxy-Authorization"), target);
            assertEquals("x", other.headers().get("Accept"));
        }
    }

    @Test
    void redirectTargetsMustBeHttpOrHttps() {
        Hop from = Hop.at("http://a.test/", "GET", Headers.empty(), new byte[0]);
        ShoalException e = assertThrows(ShoalException.class, () -> Redirects.next(from, 302, "file:///etc/passwd"));
        assertEquals(ErrorKind.UNSUPPORTED_SCHEME, e.kind());
        assertEquals("http://a.test/a%20b", Redirects.next(from, 302, "/a b").url());
    }

    @Test
    void urlsAreParsedIntoOriginAndPath() {
        Hop h = Hop.at("HTTPS://Example.COM/p?q=1#frag", "GET", Headers.empty(), new byte[0]);
        assertEquals(new Origin("https", "example.com", 443), h.origin());
        assertEquals("/p?q=1", h.pathAndQuery());
        assertEquals("example.com", h.origin().authority());
        assertEquals("[::1]:8080", Hop.at("http://[::1]:8080", "GET", Headers.empty(), new byte[0]).origin().authority());
        assertEquals(ErrorKind.INVALID_URL, assertThrows(ShoalException.class,
                () -> Hop.at("http://a.test:99999/", "GET", Headers.empty(), new byte[0])).kind());
        assertEquals(ErrorKind.INVALID_URL, assertThrows(ShoalException.class,
                () -> Hop.at("example.com/x", "GET", Headers.empty(), new byte[0])).kind());
    }

    @Test
    void retryableStatusesAndKinds() {
        for (int s : new int[]{408, 429, 502, 503, 504}) assertTrue(RetryRules.isRetryable(s));
        for (int s : new int[]{200, 400, 404, 500, 501}) assertFalse(RetryRules.isRetryable(s));
        assertTrue(RetryRules.isRetryable(ErrorKind.CONNECT_REFUSED));
        assertTrue(RetryRules.isRetryable(ErrorKind.CONNECTION_CLOSED));
        assertFalse(RetryRules.isRetryable(ErrorKind.TIMEOUT));
        assertFalse(RetryRules.isRetryable(ErrorKind.INVALID_URL));
    }

    @Test
    void backoffGrowsWithJitterAndIsCapped() {
        RetryPolicy p = RetryPolicy.backoff(10).withBaseDelay(Duration.ofMillis(100)).withMaxDelay(Duration.ofSeconds(1));
        assertEquals(50_000_000L, RetryRules.delayNanos(p, 0, null, 0, 0.0));
        assertEquals(100_000_000L - 1, RetryRules.delayNanos(p, 0, null, 0, 0.99999999), 10);
        assertEquals(200_000_000L, RetryRules.delayNanos(p, 2, null, 0, 0.0));
        assertEquals(500_000_000L, RetryRules.delayNanos(p, 9, null, 0, 0.0));
        assertTrue(RetryRules.delayNanos(p, 100, null, 0, 0.5) <= 1_000_000_000L);
    }

    @Test
    void retryAfterInSecondsOrAsDateIsHonouredAndCapped() {
        RetryPolicy p = RetryPolicy.backoff(3).withMaxRetryAfter(Duration.ofSeconds(30));
        assertEquals(2_000_000_000L, RetryRules.delayNanos(p, 0, "2", 0, 0.5));
        assertEquals(30_000_000_000L, RetryRules.delayNanos(p, 0, "3600", 0, 0.5));
        long now = 1_700_000_000_000L;
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(now + 5000), ZoneOffset.UTC));
        assertEquals(5_000_000_000L, RetryRules.delayNanos(p, 0, date, now, 0.5));
        assertEquals(-1, RetryRules.retryAfterNanos("soon", now));
    }

    @Test
    void limiterServesHostsFairlyAndForgetsIdleOnes() {
        Limiter l = new Limiter(3, 2);
        Origin a = new Origin("http", "a", 80);
        Origin b = new Origin("http", "b", 80);
        Limiter.Ticket a1 = l.acquire(a);
        Limiter.Ticket a2 = l.acquire(a);
        Limiter.Ticket a3 = l.acquire(a);  // waits for a host permit, holds no global one
        Limiter.Ticket b1 = l.acquire(b);
        assertTrue(a1.isGranted() && a2.isGranted() && b1.isGranted());
        assertFalse(a3.isGranted());
        Limiter.Ticket b2 = l.acquire(b);  // waits for a global permit
        assertFalse(b2.isGranted());
        l.release(b1);
        assertTrue(b2.isGranted());
        l.release(a1);
        assertTrue(a3.granted().isDone());
        l.release(a2);
        l.release(a3);
        l.release(b2);
        assertEquals(0, l.inFlight());
        assertEquals(0, l.trackedHosts());
    }

    @Test
    void aWithdrawnTicketIsSkipped() {
        Limiter l = new Limiter(1, 1);
        Origin a = new Origin("http", "a", 80);
        Limiter.Ticket first = l.acquire(a);
        Limiter.Ticket withdrawn = l.acquire(a);
        Limiter.Ticket third = l.acquire(a);
        l.release(withdrawn);
        l.release(first);
        assertTrue(third.isGranted());
        assertFalse(withdrawn.isGranted());
    }
}
