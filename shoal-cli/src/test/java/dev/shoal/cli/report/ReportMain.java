package dev.shoal.cli.report;

import picocli.CommandLine;

/** Runs {@code shoal report} alone, as the flat-memory test's child process does. */
public final class ReportMain {
    private ReportMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportCommand()).execute(args));
    }
}
