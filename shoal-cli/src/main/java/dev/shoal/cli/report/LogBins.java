package dev.shoal.cli.report;

/**
 * Latency bins of equal width on a log scale ({@code perDoubling} bins per doubling), aligned to powers
 * of two so the same latency always falls in the same bin. Values below 1 µs share the first bin.
 */
final class LogBins {
    private static final double SMALLEST_MS = 0.001;

    private final int perDoubling;
    private final int firstStep;
    private final int size;

    LogBins(double minMs, double maxMs, int perDoubling) {
        this.perDoubling = perDoubling;
        this.firstStep = step(minMs);
        this.size = step(maxMs) - firstStep + 1;
    }

    int size() {
        return size;
    }

    /** The geometric centre of bin {@code i}, in ms. */
    double centreMs(int i) {
        return Math.pow(2, (firstStep + i + 0.5) / perDoubling);
    }

    long[] count(Latencies latencies) {
        long[] counts = new long[size];
        latencies.forEachValue((ms, n) -> counts[Math.max(0, Math.min(size - 1, step(ms) - firstStep))] += n);
        return counts;
    }

    private int step(double ms) {
        return (int) Math.floor(perDoubling * Math.log(Math.max(SMALLEST_MS, ms)) / Math.log(2));
    }
}
