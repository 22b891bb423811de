package dev.shoal.internal.limit;

/**
 * How hard one host may be pushed, adapted to its answers (AIMD, as TCP's congestion window): an overload
 * (429 or 503 without Retry-After) halves the host's concurrency, and once that is down to one, halves its
 * rate (doubles the spacing between sends); each other answer adds back a step, the rate first, then the
 * concurrency, never beyond the user's limits. Pure arithmetic on the times it is given; not thread-safe
 * (its owner locks).
 *
 * <p>The overloads that answer requests sent before the last decrease count once: they report the load
 * the decrease already answered, so a burst of 429s from one window halves once, not to nothing.
 */
public final class HostPace {
    /** The widest spacing the rate falls to: one request a minute. */
    static final long MAX_INTERVAL_NANOS = 60_000_000_000L;
    /** The narrowest spacing set when a rate first appears for a host without one. */
    static final long MIN_INTERVAL_NANOS = 1_000_000L;

    private final int maxWindow;
    private final long baseIntervalNanos;
    private double window;
    private long intervalNanos;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private boolean decreased;

    /**
     * @param maxWindow the user's per-host concurrency
     * @param baseIntervalNanos the spacing of the user's per-host rate (0: no rate)
     */
    public HostPace(int maxWindow, long baseIntervalNanos) {
        this.maxWindow = Math.max(1, maxWindow);
        this.baseIntervalNanos = Math.max(0, baseIntervalNanos);
        this.window = this.maxWindow;
        this.intervalNanos = this.baseIntervalNanos;
    }

    /** Requests in flight at once now, from 1 to the user's limit. */
    public int concurrency() {
        return (int) window;
    }

    /** Nanoseconds between sends now (0: no spacing). */
    public long intervalNanos() {
        return intervalNanos;
    }

    /** Whether the host is at the user's limits (nothing to recover): its state may be forgotten. */
    public boolean atLimits() {
        return window >= maxWindow && intervalNanos == baseIntervalNanos;
    }

    /**
     * The host said it is overloaded.
     *
     * @param sentAtNanos when the overloaded request was sent
     * @param latencyNanos how long its answer took
     * @param nowNanos now, on the same clock
     */
    public void overloaded(long sentAtNanos, long latencyNanos, long nowNanos) {
        if (decreased && sentAtNanos - lastDecreaseNanos < 0) {
            return;  // sent before the last decrease: already answered
        }
        if (window > 1) {
            window = Math.max(1, Math.floor(window / 2));
            if (intervalNanos > 0) {
                intervalNanos = clamp(intervalNanos * 2);  // a rate in force halves with the concurrency
            }
        } else {
            // one at a time already went at about one per latency, unless spaced wider: half of that
            intervalNanos = clamp(intervalNanos == 0 ? 2 * Math.max(latencyNanos, 0) : intervalNanos * 2);
        }
        decreased = true;
        lastDecreaseNanos = nowNanos;
    }

    /**
     * The host answered without complaint: one additive step, the rate first (about one more request per
     * second for every second of answers), then the concurrency (one more for each window of answers).
     *
     * @param latencyNanos how long the answer took
     */
    public void succeeded(long latencyNanos) {
        if (intervalNanos > baseIntervalNanos) {
            double perSecond = 1e9 / intervalNanos;
            long next = (long) (1e9 / (perSecond + 1 / perSecond));
            if (baseIntervalNanos == 0 && next < latencyNanos) {
                intervalNanos = 0;  // one at a time no longer reaches that rate: the spacing binds no more
            } else {
                intervalNanos = Math.max(baseIntervalNanos, next);
            }
            return;
        }
        if (window < maxWindow) {
            window = Math.min(maxWindow, window + 1 / window);
        }
    }

    private static long clamp(long interval) {
        return Math.min(MAX_INTERVAL_NANOS, Math.max(MIN_INTERVAL_NANOS, interval));
    }
}
