package dev.shoal.cli.report;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Request durations in an HdrHistogram, recorded in microseconds and read back in milliseconds. Its
 * size depends on the range of the values, never on how many were recorded.
 */
final class Latencies {
    private final AbstractHistogram histogram;
    // Exact extremes: the histogram only knows them to its precision.
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;

    private Latencies(AbstractHistogram histogram) {
        this.histogram = histogram;
    }

    /** Three significant digits: for the run's headline percentiles. */
    static Latencies precise() {
        return new Latencies(new Histogram(3));
    }

    /** Two significant digits and int counts: small enough to keep one per time bucket or host. */
    static Latencies compact() {
        return new Latencies(new IntCountsHistogram(2));
    }

    void record(long micros) {
        long value = Math.max(0, micros);
        histogram.recordValue(value);
        minMicros = Math.min(minMicros, value);
        maxMicros = Math.max(maxMicros, value);
    }

    void add(Latencies other) {
        histogram.add(other.histogram);
        minMicros = Math.min(minMicros, other.minMicros);
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    void reset() {
        histogram.reset();
        minMicros = Long.MAX_VALUE;
        maxMicros = Long.MIN_VALUE;
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The duration at this percentile (0..100), in milliseconds; 0 when nothing was recorded. */
    double percentileMs(double percentile) {
        // Capped at the exact max: the histogram answers with the top of a value's bucket.
        return count() == 0 ? 0 : toMs(Math.min(maxMicros, histogram.getValueAtPercentile(percentile)));
    }

    double maxMs() {
        return count() == 0 ? 0 : toMs(maxMicros);
    }

    double minMs() {
        return count() == 0 ? 0 : toMs(minMicros);
    }

    double meanMs() {
        return count() == 0 ? 0 : histogram.getMean() / 1000.0;
    }

    /** Calls back once per distinct recorded value (at histogram resolution), in ascending order. */
    void forEachValue(ValueCount action) {
        histogram.recordedValues().forEach(v -> action.accept(toMs(v.getValueIteratedTo()), v.getCountAddedInThisIterationStep()));
    }

    @FunctionalInterface
    interface ValueCount {
        void accept(double ms, long count);
    }

    private static double toMs(long micros) {
        return micros / 1000.0;
    }
}
