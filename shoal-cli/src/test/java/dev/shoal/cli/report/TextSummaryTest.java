package dev.shoal.cli.report;

import static dev.shoal.cli.report.RowLines.T0;
import static dev.shoal.cli.report.RowLines.failure;
import static dev.shoal.cli.report.RowLines.response;
import static dev.shoal.cli.report.RowLines.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextSummaryTest {

    @Test
    void printsCountsRateBytesLatenciesAndSlowestHosts() throws Exception {
        RunStats stats = RowLines.read(
                response("https://fast.example/a", 200, T0, 10, 1_000),
                response("https://fast.example/b", 200, T0 + 1_000, 12, 1_000),
                response("https://slow.example/a", 503, T0 + 1_500, 800, 500),
                failure("https://slow.example/b", "read_timeout", T0 + 2_000, 2_000));
        String text = TextSummary.render(stats, "rows.jsonl", 10);
        String cells = text.replaceAll(" +", " ");
        assertTrue(text.contains("Rows        4 from rows.jsonl\n"), text);
        assertTrue(text.contains("Span        4.00 s, first request at 2023-11-14T22:13:20Z\n"), text);
        assertTrue(text.contains("Rate        1.0 req/s\n"), text);
        assertTrue(text.contains("Bytes       2.5 kB (2,500 bytes, 833 B mean per response)\n"), text);
        assertTrue(text.contains("Outcomes    2xx/3xx 2 (50.0%), 4xx 0 (0.0%), 5xx 1 (25.0%), failed 1 (25.0%)\n"), text);
        assertTrue(cells.contains("\n 200 2 50.0%\n 503 1 25.0%\n"), text);
        assertTrue(cells.contains("\n read_timeout 1 25.0%\n"), text);
        assertTrue(cells.contains("\n p50 12.00 12.00 2,000\n"), text);
        assertTrue(cells.contains("\n max 2,000 800.0 2,000\n"), text);
        assertTrue(cells.contains("Slowest hosts by p90 (2 of 2)\n host rows 4xx/5xx failed p50 ms p90 ms max ms\n"
                + " slow.example 2 1 1 800.0 2,000 2,000\n fast.example 2 0 0 10.00 12.00 12.00\n"), text);
    }

    @Test
    void listsOnlyTheTopHostsAskedFor() throws Exception {
        RunStats stats = RowLines.read(
                response("https://a.example/", 200, T0, 30, 0),
                response("https://b.example/", 200, T0, 20, 0),
                response("https://c.example/", 200, T0, 10, 0));
        String text = TextSummary.render(stats, "x", 1);
        assertTrue(text.contains("Slowest hosts by p90 (1 of 3)"), text);
        assertTrue(text.contains("a.example"), text);
        assertFalse(text.contains("b.example"), text);
    }

    @Test
    void reportsMalformedLinesAndAnEmptyRunPlainly() throws Exception {
        RunStats stats = RowLines.read("oops", "{\"status\":200}");
        assertEquals("Rows        0 from x\n"
                + "Malformed   2 lines skipped (line 1: invalid JSON; line 2: no started_at)\n",
                TextSummary.render(stats, "x", 10));
    }

    @Test
    void showsWhereTheTimeWentPerHostWhenRowsHaveTimings() throws Exception {
        RunStats stats = RowLines.read(
                timed("https://dns.example/a", T0, 0, 300, 10, 20, 30, 40),
                timed("https://dns.example/b", T0, 0, 100, 10, 20, 30, 40),
                timed("https://server.example/a", T0, 1, 0, 0, 0, 900, 5),
                response("https://server.example/b", 200, T0, 50, 1),
                timed("https://queue.example/a", T0, 20, 0, 1, 0, 2, 3));
        String cells = TextSummary.render(stats, "rows.jsonl", 10).replaceAll(" +", " ");
        assertTrue(cells.contains("Where the time went (mean ms per request, 4 rows with timings; hosts by time spent)\n"
                + " host rows queued dns connect tls wait download mostly\n"
                + " all 4 5.25 100.0 5.25 10.00 240.5 22.00 wait 63%\n"
                + " server.example 1 1.00 0.00 0.00 0.00 900.0 5.00 wait 99%\n"
                + " dns.example 2 0.00 200.0 10.00 20.00 30.00 40.00 dns 67%\n"
                + " queue.example 1 20.00 0.00 1.00 0.00 2.00 3.00 queued 77%\n"), cells);
    }

    @Test
    void showsPerHostHowManyRowsItHeldBackAndForHowLong() throws Exception {
        String held = response("https://busy.example/a", 200, T0, 2100, 0).replace("}", ",\"polite_wait_ms\":2000.0}");
        String held2 = response("https://busy.example/b", 200, T0, 1100, 0).replace("}", ",\"polite_wait_ms\":1000.0}");
        RunStats stats = RowLines.read(held, held2, response("https://busy.example/c", 200, T0, 30, 0),
                response("https://calm.example/a", 200, T0, 30, 0));
        String cells = TextSummary.render(stats, "rows.jsonl", 10).replaceAll(" +", " ");
        assertTrue(cells.contains("Held back by hosts (Retry-After, RateLimit, 429/503 pace, Crawl-delay; 1 of 1 hosts)\n"
                + " host rows held share mean held ms\n"
                + " busy.example 3 2 66.7% 1,500\n"), cells);
        assertFalse(TextSummary.render(RowLines.read(response("https://a.example/", 200, T0, 30, 0)), "x", 10)
                .contains("Held back"), "nothing said when no host held anything back");
    }

    @Test
    void saysNothingOfPhasesWhenNoRowHasTimings() throws Exception {
        String text = TextSummary.render(RowLines.read(response("https://a.example/", 200, T0, 30, 0)), "x", 10);
        assertFalse(text.contains("Where the time went"), text);
    }
}
