package dev.shoal.cli.report;

import dev.shoal.ErrorKind;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowColumns;
import dev.shoal.rows.RowFormat;
import dev.shoal.rows.RowTimings;
import dev.shoal.rows.RowWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal report} reads CSV rows as it reads JSON Lines: the same run gives the same report. */
class CsvReportTest {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static List<Row> run() {
        RowTimings t = new RowTimings(1_000_000, 2_000_000, 3_000_000, 0, 5_000_000, 1_000_000, 12_000_000);
        return List.of(
                new Row(0, "https://a.example/x,y", "GET", 200, "https://a.example/x,y", 0, "h2", 1234L, 1, T0,
                        12_000_000, null, null, null, null, "10.0.0.1", t),
                new Row(1, "https://b.example/", "GET", 503, "https://b.example/", 1, "http/1.1", 10L, 3, T0 + 5,
                        40_000_000, null, null, null, null, "10.0.0.2", t),
                new Row(2, "https://c.example/", "GET", null, null, 0, null, null, 1, T0 + 7, 3_000_000, null, null,
                        ErrorKind.DNS, "no such host: \"c.example\",\nreally", null, t),
                Row.failed(3, "not a url", "GET", ErrorKind.INVALID_URL, "invalid URL"));
    }

    private Path write(RowFormat format, String name, RowColumns columns) throws Exception {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
             RowWriter writer = new RowWriter(out, format, columns, true)) {
            for (Row row : run()) {
                writer.write(row);
            }
        }
        return file;
    }

    private String report(Path rows) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ReportCommand(System.in));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, command.execute(rows.toString()));
        return out.toString().replace(rows.getFileName().toString(), "ROWS");
    }

    @Test
    void theSameRunAsCsvOrJsonLinesGivesTheSameReport() throws Exception {
        RowColumns columns = RowColumns.standard(new RowColumns.Options(false, false, true, false, List.of()));
        String json = report(write(RowFormat.JSONL, "rows.jsonl", columns));
        String csv = report(write(RowFormat.CSV, "rows.csv", columns));

        assertEquals(json, csv);
        assertTrue(json.startsWith("Rows        4 from ROWS\n"), json);
        assertTrue(json.contains("  dns                           1"), json);
        assertTrue(json.contains("3 rows with timings"), "the timings columns are read: " + json);
    }

    @Test
    void csvWithOnlySomeColumnsInAnotherOrderIsReadByTheirNames() throws Exception {
        RowColumns some = RowColumns.select(List.of("elapsed_ms", "error", "status", "url", "started_at"),
                RowColumns.Options.none());
        String csv = report(write(RowFormat.CSV, "some.csv", some));

        assertTrue(csv.startsWith("Rows        4 from ROWS\n"), csv);
        assertTrue(csv.contains("Outcomes    2xx/3xx 1 (25.0%), 4xx 0 (0.0%), 5xx 1 (25.0%), failed 2 (50.0%)"), csv);
    }

    @Test
    void csvSavedByExcelWithAByteOrderMarkIsReadByItsHeaderNames() throws Exception {
        Path rows = Files.writeString(dir.resolve("excel.csv"), "\uFEFFurl,status,started_at,elapsed_ms\r\n"
                + "https://a.example/,200,1700000000000,1.5\r\n");
        String text = report(rows);

        assertTrue(text.startsWith("Rows        1 from ROWS\n"), text);
        assertTrue(text.contains("Outcomes    2xx/3xx 1 (100.0%)"), text);
    }

    @Test
    void aCsvRecordThatIsNotARowIsCountedAndSkipped() throws Exception {
        Path rows = Files.writeString(dir.resolve("bad.csv"), "url,status,started_at,elapsed_ms\r\n"
                + "https://a.example/,200,1700000000000,1.5\r\n"
                + "https://b.example/,twelve,1700000000000,1.5\r\n");
        String text = report(rows);

        assertTrue(text.startsWith("Rows        1 from ROWS\nMalformed   1 lines skipped (line 3: status is not a whole number)\n"), text);
    }
}
