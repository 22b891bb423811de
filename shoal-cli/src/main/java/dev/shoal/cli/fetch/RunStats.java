package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run has done so far: rows by status and by error kind, and the latency of responses
 * (microseconds, 3 significant digits, in an HdrHistogram). Formats the summary printed at the end.
 */
public final class RunStats {
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<ErrorKind, Long> byKind = new EnumMap<>(ErrorKind.class);
    private final Histogram latencyMicros = new Histogram(3);
    private long rows;
    private long errors;

    public void record(Outcome outcome) {
        rows++;
        if (outcome instanceof Outcome.Success s) {
            byStatus.merge(s.response().status(), 1L, Long::sum);
            latencyMicros.recordValue(Math.max(1, s.response().elapsedNanos() / 1_000));
        } else {
            error(((Outcome.Failure) outcome).kind());
        }
    }

    public void recordInvalidLine() {
        recordInvalidLine(ErrorKind.INVALID_REQUEST);
    }

    /** A line that was never sent: its row has this error kind. */
    public void recordInvalidLine(ErrorKind kind) {
        rows++;
        error(kind);
    }

    private void error(ErrorKind kind) {
        errors++;
        byKind.merge(kind, 1L, Long::sum);
    }

    public long rows() {
        return rows;
    }

    public long errors() {
        return errors;
    }

    /**
     * The end-of-run summary, one entry per line: rows and rate, counts by status and by error kind,
     * response latency percentiles.
     */
    public List<String> summary(long wallNanos) {
        List<String> lines = new ArrayList<>();
        double seconds = wallNanos / 1e9;
        double rate = seconds > 0 ? rows / seconds : 0;
        lines.add(String.format(Locale.ROOT, "%,d requests in %.2f s (%,.1f req/s): %,d responses, %,d errors",
                rows, seconds, rate, rows - errors, errors));
        if (!byStatus.isEmpty()) {
            lines.add("  status   " + counts(byStatus));
        }
        if (!byKind.isEmpty()) {
            Map<String, Long> kinds = new TreeMap<>();
            byKind.forEach((kind, n) -> kinds.put(kind.wireName(), n));
            lines.add("  errors   " + counts(kinds));
        }
        if (latencyMicros.getTotalCount() > 0) {
            lines.add(String.format(Locale.ROOT, "  latency  p50 %s  p90 %s  p99 %s  max %s",
                    ms(latencyMicros.getValueAtPercentile(50)), ms(latencyMicros.getValueAtPercentile(90)),
                    ms(latencyMicros.getValueAtPercentile(99)), ms(latencyMicros.getMaxValue())));
        }
        return lines;
    }

    private static String counts(Map<?, Long> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((key, n) -> {
            if (sb.length() > 0) sb.append("  ");
            sb.append(key).append(": ").append(String.format(Locale.ROOT, "%,d", n));
        });
        return sb.toString();
    }

    private static String ms(long micros) {
        return micros >= 10_000_000 ? String.format(Locale.ROOT, "%.1f s", micros / 1e6)
                : String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
    }
}
