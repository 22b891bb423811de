package dev.shoal.cli.report;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Makes the README's picture: a sample run of 20,000 rows, its report (text on stdout, HTML beside the
 * rows) and a screenshot of the page. Run from the repository root (see the README):
 * {@code java -cp ... dev.shoal.cli.report.SampleReport [OUTPUT_DIR] [PNG]}.
 */
public final class SampleReport {
    private SampleReport() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "shoal-cli/target/sample-report");
        Path png = Path.of(args.length > 1 ? args[1] : "docs/report.png");
        Files.createDirectories(dir);
        Path rows = dir.resolve("rows.jsonl");
        Path html = dir.resolve("report.html");
        SampleRun.write(rows, 20_000, 8);
        int exit = new CommandLine(new ReportCommand()).execute(rows.toString(), "--html", html.toString());
        if (exit != 0) {
            System.exit(exit);
        }
        HeadlessChromium.find().screenshot(html, png, 1280, 2000);
        System.out.println("Screenshot   " + png);
    }
}
