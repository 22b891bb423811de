package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Slots under a per-host and a global rate, on a fake clock. */
class RateLimiterTest {
    static final long MS = 1_000_000L;
    static final Origin A = new Origin("http", "a.test", 80);
    static final Origin B = new Origin("http", "b.test", 80);
    static final Origin C = new Origin("http", "c.test", 80);

    @Test
    void aGlobalRateSpacesRequestsToEveryHost() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        RateLimiter r = new RateLimiter(0, 10, now::get);   // 10/s over all hosts: one slot per 100 ms
        assertEquals(0, r.reserve(A));
        assertEquals(100 * MS, r.reserve(B));
        assertEquals(200 * MS, r.reserve(C));
        now.addAndGet(1_000 * MS);  // the slots are in the past: no burst saved up
        assertEquals(0, r.reserve(A));
        assertEquals(100 * MS, r.reserve(A));
    }

    @Test
    void bothLimitsHoldForOneSlot() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        RateLimiter r = new RateLimiter(2, 10, now::get);   // A: one per 500 ms; all: one per 100 ms
        assertEquals(0, r.reserve(A));
        assertEquals(100 * MS, r.reserve(B));
        assertEquals(500 * MS, r.reserve(A), "A waits for its own slot");
        assertEquals(1_000 * MS, r.reserve(A));
        assertEquals(200 * MS, r.reserve(C), "C takes a free time before A's, not one after them");
        assertEquals(600 * MS, r.reserve(B), "B's own rate: 500 ms after its 100 ms");
        assertEquals(1_100 * MS, r.reserve(B), "B's own slot at 1100 ms, 100 ms after A's");
        assertEquals(700 * MS, r.reserve(C), "C's own slot at 700 ms, free under the global rate too");
    }

    @Test
    void aPerHostRateAloneLeavesOtherHostsFree() {
        AtomicLong now = new AtomicLong(1_000 * MS);
        RateLimiter r = new RateLimiter(1, 0, now::get);
        assertEquals(0, r.reserve(A));
        assertEquals(0, r.reserve(B));
        assertEquals(1_000 * MS, r.reserve(A));
    }
}
