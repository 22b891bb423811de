package dev.shoal.cli.report;

import java.util.Arrays;

/**
 * Where the time of some rows went, from their {@code timings} column ({@code shoal fetch --timings}):
 * milliseconds summed per phase over the rows that have one. Rows without timings are not counted.
 */
final class Phases {
    /** The phases in the order of the column; {@code total} is left out: it is the row's own latency. */
    static final String[] NAMES = {"queued", "dns", "connect", "tls", "wait", "download"};

    private final double[] sumsMs = new double[NAMES.length];
    private long rows;

    /** One row's phases in milliseconds, in the order of {@link #NAMES}. */
    void add(double[] phasesMs) {
        for (int i = 0; i < NAMES.length; i++) {
            sumsMs[i] += phasesMs[i];
        }
        rows++;
    }

    void add(Phases other) {
        for (int i = 0; i < NAMES.length; i++) {
            sumsMs[i] += other.sumsMs[i];
        }
        rows += other.rows;
    }

    void reset() {
        Arrays.fill(sumsMs, 0);
        rows = 0;
    }

    /** Rows that had timings. */
    long rows() {
        return rows;
    }

    /** Mean milliseconds per timed row in phase {@code i}. */
    double meanMs(int i) {
        return rows == 0 ? 0 : sumsMs[i] / rows;
    }

    /** The share of phase {@code i} in the time of all phases, 0 to 1. */
    double share(int i) {
        double all = 0;
        for (double s : sumsMs) {
            all += s;
        }
        return all == 0 ? 0 : sumsMs[i] / all;
    }

    /** The phase that took the most time, or null when none took any. */
    String largest() {
        int best = -1;
        for (int i = 0; i < NAMES.length; i++) {
            if (sumsMs[i] > 0 && (best < 0 || sumsMs[i] > sumsMs[best])) {
                best = i;
            }
        }
        return best < 0 ? null : NAMES[best];
    }
}
