package dev.shoal.cli.report;

/** What happened in one slice of the run: requests that ended in it, by outcome, and latencies of those that started in it. */
final class TimeBucket {
    private final long[] endedByOutcome = new long[Outcome.values().length];
    private Latencies startedLatencies;

    void recordEnd(Outcome outcome) {
        endedByOutcome[outcome.ordinal()]++;
    }

    void recordStart(long elapsedMicros) {
        if (startedLatencies == null) {
            startedLatencies = Latencies.compact();
        }
        startedLatencies.record(elapsedMicros);
    }

    void add(TimeBucket other) {
        for (int i = 0; i < endedByOutcome.length; i++) {
            endedByOutcome[i] += other.endedByOutcome[i];
        }
        if (other.startedLatencies != null) {
            if (startedLatencies == null) {
                startedLatencies = Latencies.compact();
            }
            startedLatencies.add(other.startedLatencies);
        }
    }

    long ended(Outcome outcome) {
        return endedByOutcome[outcome.ordinal()];
    }

    /** Latencies of the requests that started in this bucket; null when none did. */
    Latencies startedLatencies() {
        return startedLatencies;
    }
}
