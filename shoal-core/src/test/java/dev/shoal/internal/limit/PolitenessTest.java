package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-host hold gate and pace, on a fake clock. */
class PolitenessTest {
    static final long S = 1_000_000_000L;
    static final Origin A = new Origin("http", "a.test", 80);
    static final Origin B = new Origin("http", "b.test", 80);

    long now = 1000 * S;
    final Politeness politeness = new Politeness(8, 0, 60 * S, () -> now);

    @Test
    void aHoldMakesEverySendToThatHostWaitUntilItEndsAndNoOtherHost() {
        politeness.hold(A, 30 * S);
        assertEquals(30 * S, politeness.reserve(A));
        assertEquals(30 * S, politeness.reserve(A), "every request to the host, not only the one that was told");
        assertEquals(0, politeness.reserve(B));
        now += 10 * S;
        assertEquals(20 * S, politeness.holdRemaining(A));
        now += 20 * S;
        assertEquals(0, politeness.reserve(A));
        assertEquals(0, politeness.holdRemaining(A));
    }

    @Test
    void aShorterHoldDoesNotCutALongerOneAndNoHoldOutlastsTheCap() {
        politeness.hold(A, 30 * S);
        politeness.hold(A, 5 * S);
        assertEquals(30 * S, politeness.holdRemaining(A));
        assertEquals(60 * S, politeness.hold(B, 3600 * S), "an hour asked, the cap given");
    }

    @Test
    void overloadsLowerTheLimitersHostLimitAndSuccessesRaiseIt() {
        assertEquals(8, politeness.maxPerHost(A));
        long sent = now;
        now += S;
        politeness.overloaded(A, sent);
        assertEquals(4, politeness.maxPerHost(A));
        assertEquals(8, politeness.maxPerHost(B));
        for (int i = 0; i < 100; i++) {
            politeness.succeeded(A, now);
        }
        assertEquals(8, politeness.maxPerHost(A));
    }

    @Test
    void theLimiterAdmitsNoMoreThanTheHostsAdaptedLimit() {
        Limiter limiter = new Limiter(100, 8, politeness);
        for (int i = 0; i < 3; i++) {
            politeness.overloaded(A, now);
            now += S;
        }
        assertEquals(1, politeness.maxPerHost(A));
        Limiter.Ticket first = limiter.acquire(A);
        Limiter.Ticket second = limiter.acquire(A);
        Limiter.Ticket other = limiter.acquire(B);
        Limiter.Ticket other2 = limiter.acquire(B);
        assertTrue(first.isGranted());
        assertFalse(second.isGranted(), "one at a time after three overloads");
        assertTrue(other.isGranted() && other2.isGranted(), "other hosts keep their limit");
        CompletableFuture<Limiter.Ticket> granted = second.granted();
        first.run();
        assertTrue(granted.isDone());
    }

    @Test
    void aHeldHostAdmitsNoOneUntilTheHoldEndsAndItIsWokenWhileOtherHostsGoOn() {
        Limiter limiter = new Limiter(2, 2, politeness);
        Limiter.Ticket before = limiter.acquire(A);
        assertTrue(before.isGranted());
        politeness.hold(A, 5 * S);
        Limiter.Ticket held = limiter.acquire(A);
        assertFalse(held.isGranted(), "held: no permit, though one is free");
        before.run();
        assertFalse(held.isGranted(), "a release during the hold admits no one to the held host");
        Limiter.Ticket other = limiter.acquire(B);
        Limiter.Ticket other2 = limiter.acquire(B);
        assertTrue(other.isGranted() && other2.isGranted(), "both global permits free for the other host");
        other.run();
        other2.run();
        limiter.wake(A);
        assertFalse(held.isGranted(), "woken too early: still held");
        now += 5 * S;
        limiter.wake(A);
        assertTrue(held.isGranted());
        held.run();
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void aRequestWaitingForAGlobalPermitWhenItsHostIsHeldGoesBackInItsHostsLineAndLetsOthersPass() {
        Limiter limiter = new Limiter(1, 4, politeness);
        Limiter.Ticket running = limiter.acquire(B);
        Limiter.Ticket toA = limiter.acquire(A);
        Limiter.Ticket toB = limiter.acquire(B);
        assertFalse(toA.isGranted());
        politeness.hold(A, 5 * S);
        running.run();
        assertFalse(toA.isGranted(), "held: the global permit is not taken for a request that could not be sent");
        assertTrue(toB.isGranted(), "the next in line for another host gets it");
        toB.run();
        now += 5 * S;
        limiter.wake(A);
        assertTrue(toA.isGranted());
        toA.run();
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.trackedHosts());
    }

    @Test
    void aCrawlDelaySpacesSendsAndAllowsOneAtATime() {
        politeness.crawlDelay(A, 2 * S);
        assertEquals(1, politeness.maxPerHost(A));
        assertEquals(0, politeness.reserve(A));
        assertEquals(2 * S, politeness.reserve(A));
        assertEquals(4 * S, politeness.reserve(A));
        now += 6 * S;
        assertEquals(0, politeness.reserve(A));
    }

    @Test
    void aCrawlDelayOverAMinuteSpacesAMinute() {
        politeness.crawlDelay(A, 3600 * S);
        assertEquals(0, politeness.reserve(A));
        assertEquals(60 * S, politeness.reserve(A));
    }

    @Test
    void theUsersOwnRateIsLeftToTheRateLimiter() {
        Politeness withRate = new Politeness(8, 10, 60 * S, () -> now);
        withRate.overloaded(A, now);  // concurrency halves, no spacing beyond the user's yet... but the rate halves too
        assertEquals(0, withRate.reserve(A));
        assertTrue(withRate.reserve(A) > 0, "the halved rate spaces beyond the user's own");
        Politeness fresh = new Politeness(8, 10, 60 * S, () -> now);
        fresh.succeeded(A, now);
        assertEquals(0, fresh.reserve(A));
        assertEquals(0, fresh.reserve(A), "at the user's rate, only the rate limiter spaces");
    }
}
