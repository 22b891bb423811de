package dev.shoal.internal.dns;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryLimiterTest {

    @Test
    void waitersAreServedInOrderAsPermitsReturn() {
        QueryLimiter limiter = new QueryLimiter(4);
        assertTrue(limiter.acquire(2).isDone());
        assertTrue(limiter.acquire(1).isDone());
        CompletableFuture<Void> third = limiter.acquire(2);
        CompletableFuture<Void> fourth = limiter.acquire(1);
        assertFalse(third.isDone());
        assertFalse(fourth.isDone(), "a later waiter overtook an earlier one that waits for more permits");
        limiter.release(2);
        assertTrue(third.isDone());
        assertTrue(fourth.isDone());
        assertEquals(4, limiter.inUse());
    }
}
