package dev.shoal.rows;

import dev.shoal.Timings;

/**
 * Where a row's request spent its time, in nanoseconds (see {@link Timings}); written as the {@code timings}
 * column in milliseconds, and {@code politeNanos} (held back because the host asked) as {@code polite_wait_ms}
 * in every row where it is not zero. Plain values, as the rest of {@link Row}.
 */
public record RowTimings(long queuedNanos, long dnsNanos, long connectNanos, long tlsNanos, long waitNanos,
                         long downloadNanos, long totalNanos, long politeNanos) {

    /** Timings of a request no host held back. */
    public RowTimings(long queuedNanos, long dnsNanos, long connectNanos, long tlsNanos, long waitNanos,
                      long downloadNanos, long totalNanos) {
        this(queuedNanos, dnsNanos, connectNanos, tlsNanos, waitNanos, downloadNanos, totalNanos, 0);
    }

    public static RowTimings of(Timings t) {
        return new RowTimings(t.queuedNanos(), t.dnsNanos(), t.connectNanos(), t.tlsNanos(), t.waitNanos(),
                t.downloadNanos(), t.totalNanos(), t.politeNanos());
    }
}
