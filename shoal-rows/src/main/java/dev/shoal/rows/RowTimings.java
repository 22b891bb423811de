package dev.shoal.rows;

import dev.shoal.Timings;

/**
 * Where a row's request spent its time, in nanoseconds (see {@link Timings}); written as the {@code timings}
 * column in milliseconds. Plain values, as the rest of {@link Row}.
 */
public record RowTimings(long queuedNanos, long dnsNanos, long connectNanos, long tlsNanos, long waitNanos,
                         long downloadNanos, long totalNanos) {

    public static RowTimings of(Timings t) {
        return new RowTimings(t.queuedNanos(), t.dnsNanos(), t.connectNanos(), t.tlsNanos(), t.waitNanos(),
                t.downloadNanos(), t.totalNanos());
    }
}
