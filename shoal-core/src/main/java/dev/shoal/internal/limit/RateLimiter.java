package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} request attempts per origin, and at most {@code globalPerSecond} over all origins,
 * evenly spaced (token buckets holding one token): each attempt reserves the next slot free under both limits
 * and is told how long to wait for it. Nothing is refused: a request waits for its slot, within its deadline.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private final long globalIntervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<Origin, long[]> nextSlot = new ConcurrentHashMap<>();
    /** The send times booked over all origins; also the lock taken before a host's when both limits hold. */
    private final GlobalSlots global;

    public RateLimiter(double perSecond) {
        this(perSecond, 0);
    }

    public RateLimiter(double perSecond, double globalPerSecond) {
        this(perSecond, globalPerSecond, System::nanoTime);
    }

    RateLimiter(double perSecond, double globalPerSecond, LongSupplier nanoClock) {
        this.intervalNanos = interval(perSecond);
        this.globalIntervalNanos = interval(globalPerSecond);
        this.nanoClock = nanoClock;
        this.global = new GlobalSlots(globalIntervalNanos);
    }

    private static long interval(double perSecond) {
        return perSecond > 0 ? (long) (1e9 / perSecond) : 0;
    }

    public boolean isUnlimited() {
        return intervalNanos == 0 && globalIntervalNanos == 0;
    }

    /** Reserves a slot for one attempt to {@code origin}; returns the nanoseconds to wait before sending. */
    public long reserve(Origin origin) {
        if (isUnlimited()) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (intervalNanos == 0) {
            synchronized (global) {
                return global.book(now, now) - now;
            }
        }
        if (nextSlot.size() > 10_000) {
            nextSlot.values().removeIf(slot -> slot[0] < now);  // forget origins whose slots are in the past
        }
        long[] slot = nextSlot.computeIfAbsent(origin, o -> new long[]{now});
        if (globalIntervalNanos == 0) {
            synchronized (slot) {
                long at = Math.max(now, slot[0]);
                slot[0] = at + intervalNanos;
                return at - now;
            }
        }
        // one time free under both limits: taking each limit's slot apart would let either burst
        synchronized (global) {
            synchronized (slot) {
                long at = global.book(Math.max(now, slot[0]), now);
                slot[0] = at + intervalNanos;
                return at - now;
            }
        }
    }
}
