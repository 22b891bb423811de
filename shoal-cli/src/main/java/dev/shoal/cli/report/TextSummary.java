package dev.shoal.cli.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The report as plain text, for a terminal: headline figures, outcomes, latency table, slowest hosts. */
final class TextSummary {
    private final RunStats stats;
    private final StringBuilder out = new StringBuilder();

    private TextSummary(RunStats stats) {
        this.stats = stats;
    }

    static String render(RunStats stats, String source, int topHosts) {
        return new TextSummary(stats).write(source, topHosts);
    }

    private String write(String source, int topHosts) {
        long rows = stats.rows();
        line("Rows        %s from %s", Units.count(rows), source);
        malformed();
        if (rows == 0) {
            return out.toString();
        }
        line("Span        %s, first request at %s", Units.seconds(stats.spanMs()),
                Instant.ofEpochMilli(stats.firstStartMs()));
        line("Rate        %s", Units.rate(stats.ratePerSecond()));
        long responses = rows - stats.count(Outcome.FAILED);
        line("Bytes       %s (%s bytes%s)", Units.bytes(stats.bytes()), Units.count(stats.bytes()),
                responses == 0 ? "" : ", " + Units.bytes(stats.bytes() / responses) + " mean per response");
        line("Attempts    %s (%s rows retried), %s redirects followed", Units.count(stats.attempts()),
                Units.count(stats.retriedRows()), Units.count(stats.redirects()));
        if (stats.protocols().size() > 0) {
            List<String> parts = new ArrayList<>();
            stats.protocols().byCount().forEach(p -> parts.add(p.name() + " " + Units.count(p.count())));
            line("Protocols   %s", String.join(", ", parts));
        }
        outcomes(rows);
        statuses(rows);
        errors(rows);
        latencies();
        slowestHosts(topHosts);
        whereTheTimeWent(topHosts);
        heldBack(topHosts);
        return out.toString();
    }

    private void malformed() {
        MalformedLines malformed = stats.malformedLines();
        if (malformed.count() == 0) {
            return;
        }
        List<String> examples = new ArrayList<>();
        malformed.examples().forEach(e -> examples.add("line " + e.lineNumber() + ": " + e.reason()));
        line("Malformed   %s lines skipped (%s%s)", Units.count(malformed.count()), String.join("; ", examples),
                malformed.count() > examples.size() ? "; ..." : "");
    }

    private void outcomes(long rows) {
        List<String> parts = new ArrayList<>();
        for (Outcome outcome : Outcome.values()) {
            long n = stats.count(outcome);
            parts.add(String.format(Locale.ROOT, "%s %s (%s)", outcome.label(), Units.count(n), Units.percent(n, rows)));
        }
        line("Outcomes    %s", String.join(", ", parts));
    }

    private void statuses(long rows) {
        if (stats.count(Outcome.FAILED) == rows) {
            return;
        }
        line("");
        line("%-22s %10s %8s", "Status", "rows", "share");
        for (RunStats.StatusCount status : stats.statuses()) {
            line("  %-20d %10s %8s", status.status(), Units.count(status.count()), Units.percent(status.count(), rows));
        }
    }

    private void errors(long rows) {
        if (stats.count(Outcome.FAILED) == 0) {
            return;
        }
        line("");
        line("%-22s %10s %8s", "Error", "rows", "share");
        for (CappedCounts.Entry kind : stats.errorKinds().byCount()) {
            line("  %-20s %10s %8s", kind.name(), Units.count(kind.count()), Units.percent(kind.count(), rows));
        }
    }

    private void latencies() {
        Latencies[] columns = {stats.latencies(), stats.responseLatencies(), stats.failureLatencies()};
        line("");
        line("%-22s %10s %10s %10s", "Latency (ms)", "all", "responses", "failed");
        latencyRow("count", columns, l -> Units.count(l.count()));
        latencyRow("min", columns, l -> Units.ms(l.minMs()));
        latencyRow("mean", columns, l -> Units.ms(l.meanMs()));
        latencyRow("p50", columns, l -> Units.ms(l.percentileMs(50)));
        latencyRow("p90", columns, l -> Units.ms(l.percentileMs(90)));
        latencyRow("p99", columns, l -> Units.ms(l.percentileMs(99)));
        latencyRow("p99.9", columns, l -> Units.ms(l.percentileMs(99.9)));
        latencyRow("max", columns, l -> Units.ms(l.maxMs()));
    }

    private void latencyRow(String name, Latencies[] columns, java.util.function.Function<Latencies, String> cell) {
        String[] cells = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            cells[i] = columns[i].count() == 0 ? "-" : cell.apply(columns[i]);
        }
        line("  %-20s %10s %10s %10s", name, cells[0], cells[1], cells[2]);
    }

    /** The hosts that held requests back (polite_wait_ms), longest in all first; nothing when none did. */
    private void heldBack(int top) {
        List<HostStats> hosts = new ArrayList<>();
        for (HostStats h : stats.hosts().byRows()) {
            if (h.heldRows() > 0) hosts.add(h);
        }
        if (hosts.isEmpty()) {
            return;
        }
        hosts.sort(Comparator.comparingDouble((HostStats h) -> -h.heldMs()).thenComparing(HostStats::host));
        int shown = Math.min(top, hosts.size());
        line("");
        line("Held back by hosts (Retry-After, RateLimit, 429/503 pace, Crawl-delay; %d of %d hosts)", shown, hosts.size());
        int width = "host".length() + 2;
        for (HostStats host : hosts.subList(0, shown)) {
            width = Math.max(width, host.host().length() + 2);
        }
        String format = "  %-" + width + "s %10s %10s %10s %12s";
        line(format, "host", "rows", "held", "share", "mean held ms");
        for (HostStats host : hosts.subList(0, shown)) {
            line(format, host.host() + (host.partial() ? "*" : ""), Units.count(host.rows()), Units.count(host.heldRows()),
                    Units.percent(host.heldRows(), host.rows()), Units.ms(host.heldMs() / host.heldRows()));
        }
    }

    private void slowestHosts(int top) {
        HostTable hosts = stats.hosts();
        List<HostStats> slowest = new ArrayList<>(hosts.byRows());
        slowest.sort(Comparator.comparingDouble((HostStats h) -> h.latencies().percentileMs(90)).reversed()
                .thenComparing(HostStats::host));
        int shown = Math.min(top, slowest.size());
        if (shown == 0) {
            return;
        }
        line("");
        line("Slowest hosts by p90 (%d of %s%s)", shown, Units.count(slowest.size()),
                hosts.overflowed() ? " most frequent" : "");
        int width = 22;
        for (HostStats host : slowest.subList(0, shown)) {
            width = Math.max(width, host.host().length() + 2);
        }
        String format = "  %-" + (width - 2) + "s %8s %8s %8s %10s %10s %10s";
        line(format, "host", "rows", "4xx/5xx", "failed", "p50 ms", "p90 ms", "max ms");
        for (HostStats host : slowest.subList(0, shown)) {
            Latencies l = host.latencies();
            line(format, host.host() + (host.partial() ? "*" : ""), Units.count(host.rows()),
                    Units.count(host.count(Outcome.CLIENT_ERROR) + host.count(Outcome.SERVER_ERROR)),
                    Units.count(host.count(Outcome.FAILED)), Units.ms(l.percentileMs(50)),
                    Units.ms(l.percentileMs(90)), Units.ms(l.maxMs()));
        }
        if (hosts.overflowed()) {
            line("  More hosts than the %d tracked: %s rows of less frequent hosts are counted as %s;"
                    + " * marks a host whose earlier rows may be among them.", hosts.capacity(),
                    Units.count(hosts.other().rows()), CappedCounts.OTHER);
        }
    }

    /**
     * Mean milliseconds per phase, over all rows and for the hosts that spent the most time in all, when the
     * rows have timings ({@code shoal fetch --timings}).
     */
    private void whereTheTimeWent(int top) {
        Phases all = stats.phases();
        if (all.rows() == 0) {
            return;
        }
        List<HostStats> hosts = new ArrayList<>();
        for (HostStats h : stats.hosts().byRows()) {
            if (h.phases().rows() > 0) hosts.add(h);
        }
        hosts.sort(Comparator.comparingDouble((HostStats h) -> -spentMs(h.phases())).thenComparing(HostStats::host));
        int shown = Math.min(top, hosts.size());
        line("");
        line("Where the time went (mean ms per request, %s rows with timings; hosts by time spent)",
                Units.count(all.rows()));
        int width = 22;
        for (HostStats host : hosts.subList(0, shown)) {
            width = Math.max(width, host.host().length() + 2);
        }
        String format = "  %-" + (width - 2) + "s %8s" + " %9s".repeat(Phases.NAMES.length) + "  %s";
        Object[] head = new Object[Phases.NAMES.length + 3];
        head[0] = "host";
        head[1] = "rows";
        System.arraycopy(Phases.NAMES, 0, head, 2, Phases.NAMES.length);
        head[head.length - 1] = "mostly";
        line(format, head);
        phaseLine(format, "all", all);
        for (HostStats host : hosts.subList(0, shown)) {
            phaseLine(format, host.host() + (host.partial() ? "*" : ""), host.phases());
        }
    }

    private void phaseLine(String format, String name, Phases phases) {
        Object[] cells = new Object[Phases.NAMES.length + 3];
        cells[0] = name;
        cells[1] = Units.count(phases.rows());
        for (int i = 0; i < Phases.NAMES.length; i++) {
            cells[i + 2] = Units.ms(phases.meanMs(i));
        }
        String largest = phases.largest();
        cells[cells.length - 1] = largest == null ? "-"
                : largest + " " + Math.round(100 * phases.share(java.util.Arrays.asList(Phases.NAMES).indexOf(largest))) + "%";
        line(format, cells);
    }

    private static double spentMs(Phases p) {
        double sum = 0;
        for (int i = 0; i < Phases.NAMES.length; i++) {
            sum += p.meanMs(i);
        }
        return sum * p.rows();
    }

    private void line(String format, Object... args) {
        out.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}
