package dev.shoal;

import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl's retry flags end to end: which statuses, which failures, and until when a retry may start. */
@Timeout(30)
class RetryFlagsTest {
    static FaultServer server;
    static final RetryPolicy QUICK = RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(20)).withMaxDelay(Duration.ofMillis(40));

    @BeforeAll
    static void start() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void retryOnRetriesTheStatusesGiven() {
        try (Shoal shoal = Shoal.builder().retry(QUICK).build()) {
            assertEquals(1, shoal.send(Request.get(server.url("/status/500?a"))).join().attempts());
        }
        try (Shoal shoal = Shoal.builder().retry(QUICK.withRetryStatuses(Set.of(500))).build()) {
            Response r = shoal.send(Request.get(server.url("/status/500?b"))).join();
            assertEquals(500, r.status());
            assertEquals(3, r.attempts());
            assertEquals(1, shoal.send(Request.get(server.url("/status/503?c"))).join().attempts());
        }
    }

    @Test
    void retryAllErrorsRetriesAProtocolError() {
        try (Shoal shoal = Shoal.builder().retry(QUICK).build()) {
            ShoalException e = failure(shoal, "/garbage?a");
            assertEquals(ErrorKind.PROTOCOL, e.kind());
            assertEquals(1, e.attempts());
        }
        try (Shoal shoal = Shoal.builder().retry(QUICK.withRetryAllErrors(true)).build()) {
            ShoalException e = failure(shoal, "/garbage?b");
            assertEquals(ErrorKind.PROTOCOL, e.kind());
            assertEquals(3, e.attempts());
        }
    }

    @Test
    void noRetryStartsAfterTheMaxRetryTime() {
        RetryPolicy p = RetryPolicy.backoff(10).withBaseDelay(Duration.ofMillis(400)).withMaxDelay(Duration.ofMillis(400))
                .withRetryStatuses(Set.of(500));
        try (Shoal shoal = Shoal.builder().retry(p.withMaxRetryTime(Duration.ofMillis(500))).build()) {
            // waits of 200-400 ms: the first retry starts within 500 ms of the first attempt, a third attempt never does
            Response r = shoal.send(Request.get(server.url("/status/500?t"))).join();
            assertTrue(r.attempts() >= 2 && r.attempts() <= 3, "attempts " + r.attempts());
            assertTrue(r.elapsedNanos() < 900_000_000L, "took " + r.elapsedNanos() / 1e6 + " ms");
        }
    }

    static ShoalException failure(Shoal shoal, String path) {
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(server.url(path))).join());
        return (ShoalException) e.getCause();
    }
}
