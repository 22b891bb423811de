package dev.shoal.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Writes what the HTML page draws as one JSON object: headline figures, the timeline series, the latency
 * distribution, outcomes and hosts. Its size is bounded like {@link RunStats} itself.
 */
final class ReportData {
    /** Hosts listed on the page, most rows first. */
    static final int HOSTS_SHOWN = 12;
    /** Points per tenfold step of the percentile curve's x axis, 1/(1-p). */
    private static final int PERCENTILE_POINTS_PER_DECADE = 20;
    /** Latency histogram bins per doubling of latency. */
    private static final int BINS_PER_DOUBLING = 4;

    private final RunStats stats;
    private final JsonGenerator json;

    private ReportData(RunStats stats, JsonGenerator json) {
        this.stats = stats;
        this.json = json;
    }

    static void write(RunStats stats, String source, JsonGenerator json) throws IOException {
        new ReportData(stats, json).write(source);
    }

    private void write(String source) throws IOException {
        json.writeStartObject();
        json.writeStringField("source", source);
        json.writeNumberField("rows", stats.rows());
        malformed();
        json.writeNumberField("firstStartMs", stats.firstStartMs());
        json.writeNumberField("spanMs", stats.spanMs());
        json.writeNumberField("ratePerSecond", stats.ratePerSecond());
        json.writeNumberField("bytes", stats.bytes());
        json.writeNumberField("attempts", stats.attempts());
        json.writeNumberField("retries", stats.retries());
        json.writeNumberField("retriedRows", stats.retriedRows());
        json.writeNumberField("redirects", stats.redirects());
        json.writeObjectFieldStart("outcomes");
        for (Outcome outcome : Outcome.values()) {
            json.writeNumberField(outcome.key(), stats.count(outcome));
        }
        json.writeEndObject();
        statuses();
        counts("errors", stats.errorKinds());
        counts("protocols", stats.protocols());
        json.writeObjectFieldStart("latency");
        summary("all", stats.latencies());
        summary("responses", stats.responseLatencies());
        summary("failed", stats.failureLatencies());
        json.writeEndObject();
        percentileCurves();
        histogram();
        timeline();
        phases("phases", stats.phases());
        hosts();
        json.writeEndObject();
        json.flush();
    }

    private void malformed() throws IOException {
        MalformedLines malformed = stats.malformedLines();
        json.writeObjectFieldStart("malformed");
        json.writeNumberField("count", malformed.count());
        json.writeArrayFieldStart("examples");
        for (MalformedLines.Example example : malformed.examples()) {
            json.writeStartObject();
            json.writeNumberField("line", example.lineNumber());
            json.writeStringField("reason", example.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void statuses() throws IOException {
        json.writeArrayFieldStart("statuses");
        for (RunStats.StatusCount status : stats.statuses()) {
            json.writeStartArray();
            json.writeNumber(status.status());
            json.writeNumber(status.count());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private void counts(String field, CappedCounts counts) throws IOException {
        json.writeArrayFieldStart(field);
        for (CappedCounts.Entry entry : counts.byCount()) {
            json.writeStartObject();
            json.writeStringField("name", entry.name());
            json.writeNumberField("count", entry.count());
            if (entry.example() != null) {
                json.writeStringField("example", entry.example());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private void summary(String field, Latencies latencies) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("count", latencies.count());
        json.writeNumberField("min", latencies.minMs());
        json.writeNumberField("mean", latencies.meanMs());
        json.writeNumberField("p50", latencies.percentileMs(50));
        json.writeNumberField("p90", latencies.percentileMs(90));
        json.writeNumberField("p99", latencies.percentileMs(99));
        json.writeNumberField("p999", latencies.percentileMs(99.9));
        json.writeNumberField("max", latencies.maxMs());
        json.writeEndObject();
    }

    /**
     * The classic HdrHistogram plot: latency against percentile, with x = 1/(1-p) on a log axis so the
     * tail (99%, 99.9%, ...) gets as much room as the median. All series share one x grid.
     */
    private void percentileCurves() throws IOException {
        long rows = stats.rows();
        int points = rows < 2 ? 1 : (int) Math.ceil(PERCENTILE_POINTS_PER_DECADE * Math.log10(rows)) + 1;
        json.writeObjectFieldStart("percentiles");
        json.writeArrayFieldStart("x");
        for (int i = 0; i < points; i++) {
            json.writeNumber(xAt(i, rows));
        }
        json.writeEndArray();
        curve("all", stats.latencies(), points, rows);
        curve("responses", stats.responseLatencies(), points, rows);
        curve("failed", stats.failureLatencies(), points, rows);
        json.writeEndObject();
    }

    private static double xAt(int i, long rows) {
        return Math.min(rows, Math.pow(10, (double) i / PERCENTILE_POINTS_PER_DECADE));
    }

    private void curve(String field, Latencies latencies, int points, long rows) throws IOException {
        json.writeArrayFieldStart(field);
        for (int i = 0; i < points; i++) {
            if (latencies.count() == 0) {
                json.writeNull();
            } else {
                json.writeNumber(latencies.percentileMs(100.0 * (1 - 1 / xAt(i, rows))));
            }
        }
        json.writeEndArray();
    }

    /** Counts in log-spaced latency bins, responses and failures apart. */
    private void histogram() throws IOException {
        Latencies all = stats.latencies();
        json.writeObjectFieldStart("histogram");
        if (all.count() == 0) {
            json.writeEndObject();
            return;
        }
        LogBins bins = new LogBins(all.minMs(), all.maxMs(), BINS_PER_DOUBLING);
        long[] responses = bins.count(stats.responseLatencies());
        long[] failed = bins.count(stats.failureLatencies());
        json.writeArrayFieldStart("ms");
        for (int i = 0; i < bins.size(); i++) {
            json.writeNumber(bins.centreMs(i));
        }
        json.writeEndArray();
        numbers("responses", responses);
        numbers("failed", failed);
        json.writeEndObject();
    }

    private void timeline() throws IOException {
        Timeline timeline = stats.timeline();
        int n = timeline.size();
        double width = timeline.widthMs();
        json.writeObjectFieldStart("timeline");
        json.writeNumberField("bucketMs", timeline.widthMs());
        json.writeArrayFieldStart("t");
        for (int i = 0; i < n; i++) {
            json.writeNumber((timeline.startMs(i) + width / 2 - stats.firstStartMs()) / 1000.0);
        }
        json.writeEndArray();
        for (Outcome outcome : Outcome.values()) {
            json.writeArrayFieldStart(outcome.key());
            for (int i = 0; i < n; i++) {
                json.writeNumber(timeline.bucket(i).ended(outcome) * 1000.0 / width);
            }
            json.writeEndArray();
        }
        double[] percentiles = {50, 90, 99};
        String[] names = {"p50", "p90", "p99"};
        for (int p = 0; p < percentiles.length; p++) {
            json.writeArrayFieldStart(names[p]);
            for (int i = 0; i < n; i++) {
                Latencies started = timeline.bucket(i).startedLatencies();
                if (started == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(started.percentileMs(percentiles[p]));
                }
            }
            json.writeEndArray();
        }
        json.writeArrayFieldStart("max");
        for (int i = 0; i < n; i++) {
            Latencies started = timeline.bucket(i).startedLatencies();
            if (started == null) {
                json.writeNull();
            } else {
                json.writeNumber(started.maxMs());
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void hosts() throws IOException {
        HostTable hosts = stats.hosts();
        List<HostStats> byRows = hosts.byRows();
        json.writeObjectFieldStart("hosts");
        json.writeNumberField("tracked", byRows.size());
        json.writeNumberField("capacity", hosts.capacity());
        json.writeBooleanField("overflowed", hosts.overflowed());
        json.writeArrayFieldStart("top");
        for (HostStats host : byRows.subList(0, Math.min(HOSTS_SHOWN, byRows.size()))) {
            host(host);
        }
        json.writeEndArray();
        json.writeFieldName("rest");
        HostStats rest = new HostStats("(" + Math.max(0, byRows.size() - HOSTS_SHOWN) + " more hosts)");
        for (HostStats host : byRows.subList(Math.min(HOSTS_SHOWN, byRows.size()), byRows.size())) {
            rest.add(host);
        }
        rest.add(hosts.other());
        if (rest.rows() == 0) {
            json.writeNull();
        } else {
            host(rest);
        }
        json.writeEndObject();
    }

    private void host(HostStats host) throws IOException {
        Latencies l = host.latencies();
        json.writeStartObject();
        json.writeStringField("host", host.host());
        json.writeNumberField("rows", host.rows());
        for (Outcome outcome : Outcome.values()) {
            json.writeNumberField(outcome.key(), host.count(outcome));
        }
        json.writeNumberField("p50", l.percentileMs(50));
        json.writeNumberField("p90", l.percentileMs(90));
        json.writeNumberField("p99", l.percentileMs(99));
        json.writeNumberField("max", l.maxMs());
        json.writeBooleanField("partial", host.partial());
        phases("phases", host.phases());
        json.writeEndObject();
    }

    /** Mean milliseconds per phase and the rows they are from; null when no row had timings. */
    private void phases(String field, Phases phases) throws IOException {
        if (phases.rows() == 0) {
            json.writeNullField(field);
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeNumberField("rows", phases.rows());
        for (int i = 0; i < Phases.NAMES.length; i++) {
            json.writeNumberField(Phases.NAMES[i], phases.meanMs(i));
        }
        json.writeEndObject();
    }

    private void numbers(String field, long[] values) throws IOException {
        json.writeArrayFieldStart(field);
        for (long value : values) {
            json.writeNumber(value);
        }
        json.writeEndArray();
    }
}
