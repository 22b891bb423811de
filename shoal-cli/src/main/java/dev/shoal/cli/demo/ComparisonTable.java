package dev.shoal.cli.demo;

import dev.shoal.cli.measure.PhaseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sync-versus-async table, from the two measured phases. Pure. */
final class ComparisonTable {
    private static final String ROW = "%-20s %-36s %s";

    private ComparisonTable() {
    }

    static List<String> render(PhaseResult sync, PhaseResult async, int concurrency) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, ROW, "", "synchronous (one at a time)", "Shoal (asynchronous)"));
        lines.add(String.format(Locale.ROOT, ROW, "execution model", "blocking HttpClient.send, 1 thread",
                "event loop, " + concurrency + " in flight"));
        lines.add(row("wall time", seconds(sync.wallNanos()), seconds(async.wallNanos())));
        lines.add(row("requests/s", String.format(Locale.ROOT, "%,.1f", sync.requestsPerSecond()),
                String.format(Locale.ROOT, "%,.1f", async.requestsPerSecond())));
        lines.add(row("CPU time", seconds(sync.cpuNanos()), seconds(async.cpuNanos())));
        lines.add(row("peak memory (heap)", megabytes(sync.peakHeapBytes()), megabytes(async.peakHeapBytes())));
        lines.add(row("speed-up", "1.0x", String.format(Locale.ROOT, "%,.1fx", (double) sync.wallNanos() / async.wallNanos())));
        lines.add(row("succeeded", sync.succeeded() + "/" + sync.requests(), async.succeeded() + "/" + async.requests()));
        return lines;
    }

    private static String row(String name, String sync, String async) {
        return String.format(Locale.ROOT, ROW, name, sync, async);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
