package dev.shoal.cli.report;

import static dev.shoal.cli.report.RowLines.T0;
import static dev.shoal.cli.report.RowLines.failure;
import static dev.shoal.cli.report.RowLines.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void thePageLoadsNothingFromOutside() throws Exception {
        String page = page(RowLines.read(response("https://a.example/", 200, T0, 12, 10)));
        assertFalse(Pattern.compile("<[^>]*\\s(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "no element refers to another file");
        assertFalse(page.contains("@import"));
        assertFalse(Pattern.compile("url\\(\\s*['\"]?(https?:)?//").matcher(page).find(), "no style fetches a URL");
        assertTrue(page.contains("var uPlot="), "uPlot is inlined");
        assertFalse(page.contains("/*{"), "every placeholder was filled");
    }

    @Test
    void rowTextCannotEndTheDataScript() throws Exception {
        String message = "bad </script><script>alert(1)</script> & <!--";
        String page = page(RowLines.read("{\"url\":\"https://a.example/\",\"status\":null,\"started_at\":1,"
                + "\"elapsed_ms\":1,\"error\":{\"kind\":\"invalid_url\",\"message\":\"" + message.replace("/", "\\/") + "\"}}"));
        assertFalse(page.contains("alert(1)</script>"));
        assertFalse(page.contains("<!--"));
        assertEquals(message, data(page).get("errors").get(0).get("example").asText(), "the text itself is intact");
    }

    @Test
    void embedsTheFiguresTheChartsDraw() throws Exception {
        RunStats stats = RowLines.read(
                response("https://a.example/x", 200, T0, 10, 100),
                response("https://a.example/y", 404, T0 + 1_000, 20, 100),
                failure("https://b.example/", "connect_refused", T0 + 2_000, 1));
        JsonNode data = data(page(stats));
        assertEquals(3, data.get("rows").asLong());
        assertEquals(1, data.get("outcomes").get("ok").asLong());
        assertEquals(1, data.get("outcomes").get("clientError").asLong());
        assertEquals(1, data.get("outcomes").get("failed").asLong());
        assertEquals("[[200,1],[404,1]]", data.get("statuses").toString());
        assertEquals("connect_refused", data.get("errors").get(0).get("name").asText());
        assertEquals(20.0, data.get("latency").get("all").get("max").asDouble());
        JsonNode timeline = data.get("timeline");
        int buckets = timeline.get("t").size();
        assertTrue(buckets > 1);
        for (String series : new String[] {"ok", "clientError", "serverError", "failed", "p50", "p90", "p99", "max"}) {
            assertEquals(buckets, timeline.get(series).size(), series);
        }
        JsonNode histogram = data.get("histogram");
        assertEquals(histogram.get("ms").size(), histogram.get("responses").size());
        long binned = 0;
        for (int i = 0; i < histogram.get("ms").size(); i++) {
            binned += histogram.get("responses").get(i).asLong() + histogram.get("failed").get(i).asLong();
        }
        assertEquals(3, binned, "every row is in one latency bin");
        assertEquals("a.example", data.get("hosts").get("top").get(0).get("host").asText());
        assertEquals(data.get("percentiles").get("x").size(), data.get("percentiles").get("all").size());
    }

    private static String page(RunStats stats) throws Exception {
        StringWriter out = new StringWriter();
        HtmlReport.write(stats, "rows.jsonl", out);
        return out.toString();
    }

    private static JsonNode data(String page) throws Exception {
        Matcher matcher = DATA.matcher(page);
        assertTrue(matcher.find());
        return new ObjectMapper().readTree(matcher.group(1));
    }

    @Test
    void embedsWhereTheTimeWentPerHostWhenRowsHaveTimings() throws Exception {
        JsonNode timed = data(page(RowLines.read(
                RowLines.timed("https://a.example/x", T0, 1, 2, 3, 4, 50, 6),
                RowLines.timed("https://a.example/y", T0, 3, 0, 0, 0, 150, 2),
                response("https://a.example/z", 200, T0, 10, 100))));
        JsonNode all = timed.get("phases");
        assertEquals(2, all.get("rows").asLong());
        assertEquals(2.0, all.get("queued").asDouble());
        assertEquals(100.0, all.get("wait").asDouble());
        assertEquals(4.0, all.get("download").asDouble());
        assertEquals(all, timed.get("hosts").get("top").get(0).get("phases"));
        assertTrue(page(RowLines.read(RowLines.timed("https://a.example/x", T0, 1, 2, 3, 4, 50, 6)))
                .contains("id=\"phases-panel\""));

        JsonNode plain = data(page(RowLines.read(response("https://a.example/x", 200, T0, 10, 100))));
        assertTrue(plain.get("phases").isNull(), "no timings, no phases");
    }
}
