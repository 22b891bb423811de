package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perSecond} request attempts per origin, evenly spaced (a token bucket holding one token):
 * each attempt reserves the next free slot and is told how long to wait for it.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final ConcurrentHashMap<Origin, long[]> nextSlot = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond) {
        this.intervalNanos = perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    }

    public boolean isUnlimited() {
        return intervalNanos == 0;
    }

    /** Reserves a slot for one attempt to {@code origin}; returns the nanoseconds to wait before sending. */
    public long reserve(Origin origin) {
        if (intervalNanos == 0) {
            return 0;
        }
        long now = System.nanoTime();
        if (nextSlot.size() > 10_000) {
            nextSlot.values().removeIf(slot -> slot[0] < now);  // forget origins whose slots are in the past
        }
        long[] slot = nextSlot.computeIfAbsent(origin, o -> new long[]{now});
        synchronized (slot) {
            long at = Math.max(now, slot[0]);
            slot[0] = at + intervalNanos;
            return at - now;
        }
    }
}
