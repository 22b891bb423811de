package dev.shoal.internal.limit;

import java.util.TreeSet;

/**
 * The send times taken under a global rate: each at least {@code intervalNanos} from every other. A request
 * held back by its host's own rate books the first free time from then on, and the gaps it leaves stay free
 * for other hosts' requests (one "next free slot" would make every host wait behind the slowest one).
 * Times already past are forgotten; what is kept is bounded by the requests waiting for their slot.
 * Not thread-safe: its owner locks.
 */
final class GlobalSlots {
    private final long intervalNanos;
    private final TreeSet<Long> booked = new TreeSet<>();

    GlobalSlots(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Books and returns the earliest time, not before {@code notBefore}, at least an interval from every booked one. */
    long book(long notBefore, long now) {
        while (!booked.isEmpty() && booked.first() <= now - intervalNanos) {
            booked.pollFirst();
        }
        long t = notBefore;
        Long before = booked.floor(t);
        if (before != null && t - before < intervalNanos) {
            t = before + intervalNanos;
        }
        for (Long after = booked.ceiling(t); after != null && after - t < intervalNanos; after = booked.ceiling(t)) {
            t = after + intervalNanos;  // too close to the next booked time: try just after it
        }
        booked.add(t);
        return t;
    }

    int booked() {
        return booked.size();
    }
}
