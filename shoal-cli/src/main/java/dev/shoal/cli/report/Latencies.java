package dev.shoal.cli.report;

import java.util.Arrays;
import java.util.function.Supplier;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Request durations in an HdrHistogram, recorded in microseconds and read back in milliseconds. Its
 * size depends on the range of the values, never on how many were recorded.
 *
 * <p>The first few values are kept in a small array and the histogram is made only past them: most
 * hosts of a large crawl, and many time buckets, see a handful of rows, and merging or clearing a
 * histogram costs its whole counts array. While the values are that few, they are also answered exactly.
 */
final class Latencies {
    private static final int FEW = 16;

    private final Supplier<AbstractHistogram> newHistogram;
    private AbstractHistogram histogram;
    private final long[] few = new long[FEW];
    private int fewCount;
    // Exact extremes: the histogram only knows them to its precision.
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;

    private Latencies(Supplier<AbstractHistogram> newHistogram) {
        this.newHistogram = newHistogram;
    }

    /** Three significant digits: for the run's headline percentiles. */
    static Latencies precise() {
        return new Latencies(() -> new Histogram(3));
    }

    /** Two significant digits and int counts: small enough to keep one per time bucket or host. */
    static Latencies compact() {
        return new Latencies(() -> new IntCountsHistogram(2));
    }

    void record(long micros) {
        long value = Math.max(0, micros);
        if (histogram == null && fewCount < FEW) {
            few[fewCount++] = value;
        } else {
            histogram().recordValue(value);
        }
        minMicros = Math.min(minMicros, value);
        maxMicros = Math.max(maxMicros, value);
    }

    void add(Latencies other) {
        if (other.histogram == null) {
            for (int i = 0; i < other.fewCount; i++) {
                record(other.few[i]);
            }
            return;
        }
        histogram().add(other.histogram);
        minMicros = Math.min(minMicros, other.minMicros);
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    void reset() {
        histogram = null;
        fewCount = 0;
        minMicros = Long.MAX_VALUE;
        maxMicros = Long.MIN_VALUE;
    }

    long count() {
        return histogram == null ? fewCount : histogram.getTotalCount();
    }

    /** The duration at this percentile (0..100), in milliseconds; 0 when nothing was recorded. */
    double percentileMs(double percentile) {
        if (count() == 0) {
            return 0;
        }
        if (histogram == null) {
            long[] sorted = Arrays.copyOf(few, fewCount);
            Arrays.sort(sorted);
            int rank = (int) Math.max(1, Math.ceil(percentile / 100 * fewCount));
            return toMs(sorted[Math.min(fewCount, rank) - 1]);
        }
        // Capped at the exact max: the histogram answers with the top of a value's bucket.
        return toMs(Math.min(maxMicros, histogram.getValueAtPercentile(percentile)));
    }

    double maxMs() {
        return count() == 0 ? 0 : toMs(maxMicros);
    }

    double minMs() {
        return count() == 0 ? 0 : toMs(minMicros);
    }

    double meanMs() {
        if (count() == 0) {
            return 0;
        }
        if (histogram == null) {
            return Arrays.stream(few, 0, fewCount).average().orElse(0) / 1000.0;
        }
        return histogram.getMean() / 1000.0;
    }

    /** Calls back with the recorded values (at histogram resolution) and their counts, in ascending order. */
    void forEachValue(ValueCount action) {
        if (histogram == null) {
            long[] sorted = Arrays.copyOf(few, fewCount);
            Arrays.sort(sorted);
            for (long value : sorted) {
                action.accept(toMs(value), 1);
            }
            return;
        }
        histogram.recordedValues().forEach(v -> action.accept(toMs(v.getValueIteratedTo()), v.getCountAddedInThisIterationStep()));
    }

    @FunctionalInterface
    interface ValueCount {
        void accept(double ms, long count);
    }

    /** The histogram, made (from the values held so far) on first need. */
    private AbstractHistogram histogram() {
        if (histogram == null) {
            histogram = newHistogram.get();
            for (int i = 0; i < fewCount; i++) {
                histogram.recordValue(few[i]);
            }
            fewCount = 0;
        }
        return histogram;
    }

    private static double toMs(long micros) {
        return micros / 1000.0;
    }
}
