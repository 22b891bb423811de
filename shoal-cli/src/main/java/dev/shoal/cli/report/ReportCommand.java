package dev.shoal.cli.report;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shoal report ROWS}: summarises the rows of a run as text, and as an HTML page with charts. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Summarise the rows of a run (JSON Lines or CSV, told apart by the first line): counts by status"
                    + " and error kind, bytes, rate, latency percentiles and the slowest hosts; with --html, also a"
                    + " self-contained page of charts.",
            "Reads the file streaming, in flat memory, whatever its size. Lines that are not rows are"
                    + " counted and skipped."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the report was written", "1:the HTML file could not be written",
            "2:usage error, or ROWS could not be read"})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ROWS", description = "Rows written by shoal fetch (JSON Lines or --format csv), or - for standard input.")
    private String rows;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one HTML page with charts.")
    private Path html;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many of the slowest hosts to list (default: ${DEFAULT-VALUE}).")
    private int topHosts;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;

    public ReportCommand() {
        this(System.in);
    }

    ReportCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (topHosts < 0) {
            err.println("shoal report: --top must be 0 or more");
            return 2;
        }
        RunStats stats = new RunStats();
        try (InputStream in = open()) {
            new RowsReader().readInto(in, stats);
        } catch (NoSuchFileException e) {
            err.println("shoal report: no such file: " + rows);
            return 2;
        } catch (IOException e) {
            err.println("shoal report: cannot read " + rows + ": " + e.getMessage());
            return 2;
        }
        out.print(TextSummary.render(stats, sourceName(), topHosts));
        out.flush();
        if (html != null) {
            try (Writer page = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(html), StandardCharsets.UTF_8))) {
                HtmlReport.write(stats, sourceName(), page);
            } catch (IOException e) {
                err.println("shoal report: cannot write " + html + ": " + e.getMessage());
                return 1;
            }
            out.println();
            out.println("HTML report  " + html);
            out.flush();
        }
        return 0;
    }

    private InputStream open() throws IOException {
        if ("-".equals(rows)) {
            // Standard input is not ours to close.
            return new FilterInputStream(stdin) {
                @Override
                public void close() {
                }
            };
        }
        return Files.newInputStream(Path.of(rows));
    }

    private String sourceName() {
        return "-".equals(rows) ? "standard input" : Path.of(rows).getFileName().toString();
    }
}
