package dev.shoal.cli.report;

import static dev.shoal.cli.report.RowLines.T0;
import static dev.shoal.cli.report.RowLines.failure;
import static dev.shoal.cli.report.RowLines.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void summarisesARowsFile() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        Files.writeString(rows, response("https://a.example/", 200, T0, 12, 10) + "\n"
                + failure("https://b.example/", "dns", T0 + 5, 3) + "\n");
        assertEquals(0, run(System.in, rows.toString()));
        assertTrue(out.toString().startsWith("Rows        2 from rows.jsonl\n"), out.toString());
        assertTrue(out.toString().contains("Outcomes    2xx/3xx 1 (50.0%), 4xx 0 (0.0%), 5xx 0 (0.0%), failed 1 (50.0%)"));
        assertEquals("", err.toString());
    }

    @Test
    void readsStandardInputForADash() throws Exception {
        InputStream stdin = RowLines.stream(response("https://a.example/", 200, T0, 12, 10), "garbage");
        assertEquals(0, run(stdin, "-"));
        assertTrue(out.toString().startsWith("Rows        1 from standard input\n"
                + "Malformed   1 lines skipped (line 2: invalid JSON)\n"), out.toString());
    }

    @Test
    void writesTheHtmlPageWhenAsked() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        Files.writeString(rows, response("https://a.example/", 200, T0, 12, 10) + "\n");
        Path html = dir.resolve("report.html");
        assertEquals(0, run(System.in, rows.toString(), "--html", html.toString()));
        assertTrue(out.toString().endsWith("\nHTML report  " + html + "\n"), out.toString());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("\"source\":\"rows.jsonl\""));
    }

    @Test
    void aMissingRowsFileIsAUsageErrorWithOneLine() {
        assertEquals(2, run(System.in, dir.resolve("nope.jsonl").toString()));
        assertEquals("shoal report: no such file: " + dir.resolve("nope.jsonl") + "\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void anUnwritableHtmlFileIsAFatalLocalError() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        Files.writeString(rows, response("https://a.example/", 200, T0, 12, 10) + "\n");
        Path html = dir.resolve("no-such-dir").resolve("report.html");
        assertEquals(1, run(System.in, rows.toString(), "--html", html.toString()));
        assertTrue(err.toString().startsWith("shoal report: cannot write " + html), err.toString());
    }

    @Test
    void withoutRowsArgumentItIsAUsageError() {
        assertEquals(2, run(System.in));
        assertTrue(err.toString().contains("Missing required parameter: 'ROWS'"), err.toString());
    }

    private int run(InputStream stdin, String... args) {
        CommandLine command = new CommandLine(new ReportCommand(stdin));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
