package dev.shoal.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the report shows, aggregated row by row into structures whose size does not depend on the
 * number of rows: counters, HdrHistograms, a {@link Timeline} of bounded length and a {@link HostTable}
 * of bounded capacity.
 */
final class RunStats {
    private static final int MAX_ERROR_KINDS = 64;
    private static final int MAX_PROTOCOLS = 16;
    private static final int MIN_STATUS = 100;
    private static final int MAX_STATUS = 999;

    private final long[] byOutcome = new long[Outcome.values().length];
    private final long[] byStatus = new long[MAX_STATUS - MIN_STATUS + 1];
    private final CappedCounts errorKinds = new CappedCounts(MAX_ERROR_KINDS);
    private final CappedCounts protocols = new CappedCounts(MAX_PROTOCOLS);
    private final Latencies all = Latencies.precise();
    private final Latencies responses = Latencies.precise();
    private final Latencies failures = Latencies.precise();
    private final Timeline timeline;
    private final HostTable hosts;
    private final MalformedLines malformed = new MalformedLines();
    private final Phases phases = new Phases();

    private long rows;
    private long bytes;
    private long attempts;
    private long retries;
    private long retriedRows;
    private long redirects;
    private long firstStartMs = Long.MAX_VALUE;
    private long lastEndMs = Long.MIN_VALUE;

    RunStats() {
        this(Timeline.DEFAULT_MAX_BUCKETS, HostTable.DEFAULT_CAPACITY);
    }

    RunStats(int maxTimeBuckets, int hostCapacity) {
        this.timeline = new Timeline(maxTimeBuckets);
        this.hosts = new HostTable(hostCapacity);
    }

    void add(Row row) {
        Outcome outcome = row.outcome();
        long micros = row.elapsedMicros();
        rows++;
        byOutcome[outcome.ordinal()]++;
        if (outcome == Outcome.FAILED) {
            errorKinds.add(row.errorKind() == null ? "(none)" : row.errorKind(), row.errorMessage());
        } else {
            byStatus[row.status() - MIN_STATUS]++;
        }
        if (row.protocol() != null) {
            protocols.add(row.protocol(), null);
        }
        bytes += row.bytes();
        attempts += row.attempts();
        if (row.attempts() > 1) {
            retriedRows++;
            retries += row.attempts() - 1;
        }
        redirects += row.redirects();
        if (!row.started()) {
            return;  // an invalid request: counted above, but it has no time, latency or host
        }
        (outcome == Outcome.FAILED ? failures : responses).record(micros);
        all.record(micros);
        firstStartMs = Math.min(firstStartMs, row.startedAtMs());
        lastEndMs = Math.max(lastEndMs, row.endedAtMs());
        timeline.record(row.startedAtMs(), row.endedAtMs(), micros, outcome);
        hosts.record(HostName.of(row.url()), outcome, micros, row.phasesMs(), row.politeWaitMs());
        if (row.phasesMs() != null) {
            phases.add(row.phasesMs());
        }
    }

    void malformed(long lineNumber, String reason) {
        malformed.add(lineNumber, reason);
    }

    long rows() {
        return rows;
    }

    long count(Outcome outcome) {
        return byOutcome[outcome.ordinal()];
    }

    /** Each status seen with its count, in ascending order of status. */
    List<StatusCount> statuses() {
        List<StatusCount> seen = new ArrayList<>();
        for (int i = 0; i < byStatus.length; i++) {
            if (byStatus[i] > 0) {
                seen.add(new StatusCount(MIN_STATUS + i, byStatus[i]));
            }
        }
        return seen;
    }

    CappedCounts errorKinds() {
        return errorKinds;
    }

    CappedCounts protocols() {
        return protocols;
    }

    Latencies latencies() {
        return all;
    }

    Latencies responseLatencies() {
        return responses;
    }

    Latencies failureLatencies() {
        return failures;
    }

    Timeline timeline() {
        return timeline;
    }

    /** Where the time of the rows with timings went (none unless the run wrote them: --timings). */
    Phases phases() {
        return phases;
    }

    HostTable hosts() {
        return hosts;
    }

    MalformedLines malformedLines() {
        return malformed;
    }

    long bytes() {
        return bytes;
    }

    long attempts() {
        return attempts;
    }

    /** Attempts beyond each row's first (a request that never started made no attempt and no retry). */
    long retries() {
        return retries;
    }

    long retriedRows() {
        return retriedRows;
    }

    long redirects() {
        return redirects;
    }

    /** When the earliest request started, epoch ms; 0 when there are no rows. */
    long firstStartMs() {
        return rows == 0 ? 0 : firstStartMs;
    }

    /** From the first start to the last end, in milliseconds. */
    long spanMs() {
        return rows == 0 ? 0 : lastEndMs - firstStartMs;
    }

    /** Rows per second over the span; 0 when the span is empty. */
    double ratePerSecond() {
        long span = spanMs();
        return span <= 0 ? 0 : rows * 1000.0 / span;
    }

    record StatusCount(int status, long count) {}
}
