package dev.shoal.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.internal.base.ResponseBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSV rows as Python's csv module (and so pandas) reads them back: every value intact, whatever it holds. */
class CsvRowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String AWKWARD = "a, \"quoted\" value\r\nover two lines é";

    private static Row response() {
        Request request = Request.get("http://h.test/a,b?q=\"x\"");
        Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://h.test/a,b?q=\"x\"")
                .protocol("http/1.1").startedAtMillis(1_700_000_000_123L).elapsedNanos(12_345_678).bytes(9)
                .headers(Headers.of("ETag", "W/\"v1,2\"", "Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT",
                        "X-Note", " padded ", "Vary", "Accept", "Vary", "Origin"))
                .timings(new dev.shoal.Timings(1_000, 2_000_000, 0, 0, 5_000_000, 6_500_000, 13_501_000))
                .build();
        return Row.of(0, new Outcome.Success(request, response), List.of("x-note", "vary", "server"));
    }

    private static Row failure() {
        return Row.failed(1, "not a url", "GET", ErrorKind.INVALID_URL, AWKWARD);
    }

    private String csv(RowColumns columns, Row... rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter writer = new RowWriter(out, RowFormat.CSV, columns, true)) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The records as Python's csv.DictReader gives them, as JSON: one object per record. */
    private List<JsonNode> readByPython(String csv) throws Exception {
        Path file = Files.writeString(dir.resolve("rows.csv"), csv);
        Process python = new ProcessBuilder("python3", "-c", """
                import csv, json, sys
                with open(sys.argv[1], newline='', encoding='utf-8') as f:
                    print(json.dumps(list(csv.DictReader(f, strict=True))))
                """, file.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), out);
        return JSON.readValue(out, JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    @Test
    @Timeout(60)
    void pythonsCsvModuleReadsBackEveryValueWithCommasQuotesAndLineBreaks() throws Exception {
        RowColumns columns = RowColumns.standard(new RowColumns.Options(false, false, true, false,
                List.of("X-Note", "Vary", "Server")));
        String text = csv(columns, response(), failure());

        List<JsonNode> records = readByPython(text);

        assertEquals(2, records.size(), text);
        JsonNode ok = records.get(0);
        assertEquals(columns.names(), iterable(ok));
        assertEquals("http://h.test/a,b?q=\"x\"", ok.get("url").asText());
        assertEquals("200", ok.get("status").asText());
        assertEquals("12.345", ok.get("elapsed_ms").asText());
        assertEquals("W/\"v1,2\"", ok.get("etag").asText());
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", ok.get("last_modified").asText());
        assertEquals(" padded ", ok.get("headers.x-note").asText(), "blank space at the ends is kept");
        assertEquals("Accept, Origin", ok.get("headers.vary").asText());
        assertEquals("", ok.get("headers.server").asText(), "absent: empty");
        assertEquals("2.000", ok.get("timings.dns").asText());
        assertEquals("", ok.get("error.kind").asText());
        JsonNode bad = records.get(1);
        assertEquals("invalid_url", bad.get("error.kind").asText());
        assertEquals(AWKWARD, bad.get("error.message").asText());
        assertEquals("", bad.get("status").asText());
        assertEquals("", bad.get("timings.total").asText(), "never started: no timings");
        assertTrue(text.startsWith(String.join(",", columns.names()) + "\r\n"), "a header line, CRLF: " + text);
    }

    @Test
    void fieldsChooseAndOrderTheColumnsInCsvAndJson() throws Exception {
        RowColumns columns = RowColumns.select(List.of("status", "headers.Vary", "url", "timings.total", "error"),
                RowColumns.Options.none());
        Row row = Row.of(0, new Outcome.Success(Request.get("http://h.test/"), new ResponseBuilder()
                .request(Request.get("http://h.test/")).status(204).startedAtMillis(1).elapsedNanos(1)
                .headers(Headers.of("vary", "Accept")).timings(new dev.shoal.Timings(0, 0, 0, 0, 0, 0, 7_000_000))
                .build()), columns.headerNames());

        assertEquals("status,headers.vary,url,timings.total,error.kind,error.message\r\n"
                + "204,Accept,http://h.test/,7.000,,\r\n", csv(columns, row));
        assertEquals("{\"status\":204,\"headers\":{\"vary\":\"Accept\"},\"url\":\"http://h.test/\","
                + "\"timings\":{\"total\":7.000}}", RowWriter.toJson(row, columns));
        assertEquals("{\"status\":null,\"headers\":null,\"url\":\"not a url\",\"timings\":{\"total\":null},"
                        .replace("{\"total\":null}", "null")
                        + "\"error\":{\"kind\":\"invalid_url\",\"message\":\"" + AWKWARD.replace("\"", "\\\"")
                        .replace("\r", "\\r").replace("\n", "\\n") + "\"}}",
                RowWriter.toJson(failure(), columns));
    }

    @Test
    void cellsThatASpreadsheetWouldTakeForFormulasAreWrittenVerbatim() throws Exception {
        // by decision: rows are data read back by --since, --resume and report; the README says how to import safely
        RowColumns columns = RowColumns.select(List.of("headers.x-a", "headers.x-b", "headers.x-c", "headers.x-d"),
                RowColumns.Options.none());
        Row row = Row.of(0, new Outcome.Success(Request.get("http://h.test/"), new ResponseBuilder()
                .request(Request.get("http://h.test/")).status(200).startedAtMillis(1).elapsedNanos(1)
                .headers(Headers.of("X-A", "=1+2", "X-B", "+1", "X-C", "-1", "X-D", "@SUM(A1:A2)")).build()),
                columns.headerNames());

        assertEquals("headers.x-a,headers.x-b,headers.x-c,headers.x-d\r\n=1+2,+1,-1,@SUM(A1:A2)\r\n", csv(columns, row));
    }

    @Test
    void aCsvWriterAppendingToRowsWithTheirHeaderWritesNoSecondHeader() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter writer = new RowWriter(out, RowFormat.CSV, RowColumns.select(List.of("index", "url"),
                RowColumns.Options.none()), false)) {
            writer.write(failure());
        }
        assertEquals("1,not a url\r\n", out.toString(StandardCharsets.UTF_8));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
