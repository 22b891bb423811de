package dev.shoal.cli.report;

/** Rows of one host (or of the "other" hosts): counts by outcome and latencies. */
final class HostStats {
    private String host;
    private final long[] byOutcome = new long[Outcome.values().length];
    private final Latencies latencies = Latencies.compact();
    private final Phases phases = new Phases();
    private long inherited;
    private long heldRows;
    private double heldMs;

    HostStats(String host) {
        this.host = host;
    }

    void record(Outcome outcome, long elapsedMicros, double[] phasesMs) {
        byOutcome[outcome.ordinal()]++;
        latencies.record(elapsedMicros);
        if (phasesMs != null) {
            phases.add(phasesMs);
        }
    }

    /** The host held one row's request back this long ({@code polite_wait_ms}); 0: not at all. */
    void heldBack(double politeWaitMs) {
        if (politeWaitMs > 0) {
            heldRows++;
            heldMs += politeWaitMs;
        }
    }

    /** Rows whose request this host held back (Retry-After, RateLimit, its 429/503 pace, Crawl-delay). */
    long heldRows() {
        return heldRows;
    }

    /** Milliseconds this host held its rows' requests back, summed. */
    double heldMs() {
        return heldMs;
    }

    void add(HostStats other) {
        heldRows += other.heldRows;
        heldMs += other.heldMs;
        for (int i = 0; i < byOutcome.length; i++) {
            byOutcome[i] += other.byOutcome[i];
        }
        latencies.add(other.latencies);
        phases.add(other.phases);
    }

    /** Where the time of this host's rows with timings went. */
    Phases phases() {
        return phases;
    }

    String host() {
        return host;
    }

    long rows() {
        return latencies.count();
    }

    long count(Outcome outcome) {
        return byOutcome[outcome.ordinal()];
    }

    Latencies latencies() {
        return latencies;
    }

    /**
     * True when rows of this host may also sit in "other": it was admitted in place of an evicted
     * host, so its earlier rows, if any, were counted elsewhere.
     */
    boolean partial() {
        return inherited > 0;
    }

    /** The space-saving estimate of the host's rows: an upper bound, exact unless {@link #partial()}. */
    long estimate() {
        return inherited + rows();
    }

    /** Starts this entry over for a newly admitted host, keeping the evicted estimate as its floor. */
    void reuseFor(String newHost, long floor) {
        host = newHost;
        inherited = floor;
        java.util.Arrays.fill(byOutcome, 0);
        latencies.reset();
        phases.reset();
        heldRows = 0;
        heldMs = 0;
    }
}
