package dev.shoal.cli.report;

import static dev.shoal.cli.report.RowLines.T0;
import static dev.shoal.cli.report.RowLines.failure;
import static dev.shoal.cli.report.RowLines.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunStatsTest {

    @Test
    void countsRowsByOutcomeStatusAndErrorKind() throws Exception {
        RunStats stats = RowLines.read(
                response("http://a/", 200, T0, 10, 100),
                response("http://a/", 200, T0, 10, 100),
                response("http://a/", 304, T0, 10, 0),
                response("http://a/", 404, T0, 10, 5),
                response("http://a/", 503, T0, 10, 5),
                failure("http://b/", "dns", T0, 3),
                failure("http://b/", "dns", T0, 3),
                failure("http://c/", "read_timeout", T0, 2000));
        assertEquals(8, stats.rows());
        assertEquals(3, stats.count(Outcome.OK));
        assertEquals(1, stats.count(Outcome.CLIENT_ERROR));
        assertEquals(1, stats.count(Outcome.SERVER_ERROR));
        assertEquals(3, stats.count(Outcome.FAILED));
        assertEquals(List.of(new RunStats.StatusCount(200, 2), new RunStats.StatusCount(304, 1),
                new RunStats.StatusCount(404, 1), new RunStats.StatusCount(503, 1)), stats.statuses());
        List<CappedCounts.Entry> kinds = stats.errorKinds().byCount();
        assertEquals("dns", kinds.get(0).name());
        assertEquals(2, kinds.get(0).count());
        assertEquals("dns happened", kinds.get(0).example());
        assertEquals("read_timeout", kinds.get(1).name());
        assertEquals(210, stats.bytes());
    }

    @Test
    void sumsAttemptsRetriesAndRedirects() throws Exception {
        RunStats stats = RowLines.read(
                "{\"status\":200,\"started_at\":1,\"elapsed_ms\":1,\"attempts\":3,\"redirects\":2}",
                "{\"status\":200,\"started_at\":1,\"elapsed_ms\":1,\"attempts\":1,\"redirects\":1}",
                "{\"status\":200,\"started_at\":1,\"elapsed_ms\":1}");
        assertEquals(5, stats.attempts());
        assertEquals(1, stats.retriedRows());
        assertEquals(3, stats.redirects());
    }

    @Test
    void spanRunsFromTheFirstStartToTheLastEndWhateverTheRowOrder() throws Exception {
        RunStats stats = RowLines.read(
                response("http://a/", 200, T0 + 500, 100, 0),
                response("http://a/", 200, T0, 2_000, 0),
                response("http://a/", 200, T0 + 1_000, 100, 0));
        assertEquals(T0, stats.firstStartMs());
        assertEquals(2_000, stats.spanMs());
        assertEquals(1.5, stats.ratePerSecond(), 1e-9);
    }

    @Test
    void percentilesOfKnownLatenciesInAnyOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int ms = 1; ms <= 1000; ms++) {
            lines.add(response("http://a/", 200, T0 + ms, ms, 0));
        }
        Collections.shuffle(lines, new Random(1));
        Latencies latencies = RowLines.read(lines.toArray(String[]::new)).latencies();
        assertEquals(1000, latencies.count());
        assertEquals(500, latencies.percentileMs(50), 0.5);
        assertEquals(900, latencies.percentileMs(90), 0.9);
        assertEquals(990, latencies.percentileMs(99), 1.0);
        assertEquals(1000, latencies.maxMs());
        assertEquals(1, latencies.minMs());
        assertEquals(500.5, latencies.meanMs(), 0.5);
    }

    @Test
    void keepsLatenciesOfResponsesAndOfFailuresApart() throws Exception {
        RunStats stats = RowLines.read(
                response("http://a/", 200, T0, 10, 0),
                response("http://a/", 500, T0, 20, 0),
                failure("http://a/", "timeout", T0, 5_000));
        assertEquals(20, stats.responseLatencies().maxMs());
        assertEquals(2, stats.responseLatencies().count());
        assertEquals(5_000, stats.failureLatencies().minMs());
        assertEquals(3, stats.latencies().count());
    }

    @Test
    void malformedLinesAreCountedWithTheirLineNumbersAndReadingGoesOn() throws Exception {
        RunStats stats = RowLines.read(
                response("http://a/", 200, T0, 10, 0),
                "not json",
                "",
                "{\"status\":200}",
                response("http://a/", 200, T0, 10, 0));
        assertEquals(2, stats.rows());
        assertEquals(2, stats.malformedLines().count());
        assertEquals(List.of(new MalformedLines.Example(2, "invalid JSON"), new MalformedLines.Example(4, "no started_at")),
                stats.malformedLines().examples());
    }

    @Test
    void keepsOnlyTheFirstFewMalformedExamples() throws Exception {
        String[] lines = new String[1000];
        java.util.Arrays.fill(lines, "{");
        RunStats stats = RowLines.read(lines);
        assertEquals(1000, stats.malformedLines().count());
        assertEquals(MalformedLines.EXAMPLES_KEPT, stats.malformedLines().examples().size());
    }

    @Test
    void aLineTooLongToBeARowIsMalformedNotFatal() throws Exception {
        RunStats stats = new RunStats();
        new RowsReader(1_000).readInto(RowLines.stream(
                "{\"status\":200,\"started_at\":1,\"elapsed_ms\":1,\"pad\":\"" + "p".repeat(5_000) + "\"}",
                response("http://a/", 200, T0, 10, 0)), stats);
        assertEquals(1, stats.rows());
        assertEquals("line longer than 1000 bytes", stats.malformedLines().examples().get(0).reason());
    }

    @Test
    void everyStructureStaysBoundedWhateverTheRows() {
        // A crawl-like worst case: every row a new host and a new error kind, over ten days.
        RunStats stats = new RunStats();
        for (int i = 0; i < 200_000; i++) {
            long start = T0 + i * 4_320L;
            stats.add(new Row("https://host" + i + ".example/", null, 0, 1, 0, "proto" + i, start, i % 977,
                    "kind" + i, "message " + i));
        }
        assertEquals(200_000, stats.rows());
        assertTrue(stats.timeline().size() <= Timeline.DEFAULT_MAX_BUCKETS, "time buckets: " + stats.timeline().size());
        assertTrue(stats.hosts().byRows().size() <= HostTable.DEFAULT_CAPACITY);
        assertTrue(stats.errorKinds().size() <= 65, "error kinds: " + stats.errorKinds().size());
        assertTrue(stats.protocols().size() <= 17, "protocols: " + stats.protocols().size());
        long hostRows = stats.hosts().other().rows();
        for (HostStats host : stats.hosts().byRows()) {
            hostRows += host.rows();
        }
        assertEquals(200_000, hostRows, "every row is in exactly one host entry or in other");
    }
}
