package dev.shoal.internal.limit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AIMD arithmetic of one host's pace, on numbers alone. */
class HostPaceTest {
    static final long MS = 1_000_000L;

    @Test
    void anOverloadHalvesTheConcurrencyAndSuccessesWinItBackOneStepPerWindow() {
        HostPace pace = new HostPace(16, 0);
        assertEquals(16, pace.concurrency());
        pace.overloaded(1, 10 * MS, 2);
        assertEquals(8, pace.concurrency());
        assertEquals(0, pace.intervalNanos(), "no rate appears while the concurrency can still halve");
        for (int i = 0; i < 7; i++) {
            pace.succeeded(10 * MS);
        }
        assertEquals(8, pace.concurrency(), "less than a window of answers: not yet");
        pace.succeeded(10 * MS);
        pace.succeeded(10 * MS);
        assertEquals(9, pace.concurrency(), "about one window of answers: one more");
        for (int i = 0; i < 1000; i++) {
            pace.succeeded(10 * MS);
        }
        assertEquals(16, pace.concurrency(), "never beyond the user's limit");
        assertTrue(pace.atLimits());
    }

    @Test
    void overloadsAnsweringRequestsSentBeforeTheLastDecreaseCountOnce() {
        HostPace pace = new HostPace(64, 0);
        pace.overloaded(100, MS, 200);
        for (int i = 0; i < 30; i++) {
            pace.overloaded(150, MS, 300 + i);  // the rest of the same window answering
        }
        assertEquals(32, pace.concurrency());
        pace.overloaded(250, MS, 400);  // sent after the decrease: the host is still overloaded
        assertEquals(16, pace.concurrency());
    }

    @Test
    void atOneAtATimeTheRateHalvesFromWhatOneAtATimeReached() {
        HostPace pace = new HostPace(2, 0);
        pace.overloaded(0, 10 * MS, 1);
        assertEquals(1, pace.concurrency());
        pace.overloaded(2, 10 * MS, 3);
        assertEquals(20 * MS, pace.intervalNanos(), "one per 10 ms latency, halved: one per 20 ms");
        pace.overloaded(4, 10 * MS, 5);
        assertEquals(40 * MS, pace.intervalNanos());
        assertFalse(pace.atLimits());
        for (int i = 0; i < 10_000 && pace.intervalNanos() > 0; i++) {
            pace.succeeded(10 * MS);
            assertEquals(1, pace.concurrency(), "the rate recovers before the concurrency");
        }
        assertEquals(0, pace.intervalNanos(), "once one at a time is slower than the rate, the spacing goes");
        pace.succeeded(10 * MS);
        pace.succeeded(10 * MS);
        assertEquals(2, pace.concurrency());
    }

    @Test
    void theUsersRateHalvesWithTheConcurrencyAndRecoversNoFurtherThanItself() {
        long base = 100 * MS;  // --rate 10
        HostPace pace = new HostPace(4, base);
        pace.overloaded(0, MS, 1);
        assertEquals(2, pace.concurrency());
        assertEquals(200 * MS, pace.intervalNanos());
        for (int i = 0; i < 10_000; i++) {
            pace.succeeded(MS);
        }
        assertEquals(base, pace.intervalNanos());
        assertEquals(4, pace.concurrency());
    }

    @Test
    void theRateFallsNoLowerThanOneAMinute() {
        HostPace pace = new HostPace(1, 0);
        for (int i = 0; i < 40; i++) {
            pace.overloaded(2L * i * 1_000_000_000_000L, 10 * MS, (2L * i + 1) * 1_000_000_000_000L);
        }
        assertEquals(HostPace.MAX_INTERVAL_NANOS, pace.intervalNanos());
    }
}
