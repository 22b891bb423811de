package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Shoal;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.FatalError;
import dev.shoal.rows.InputLine;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.Locale;

/**
 * One {@code shoal fetch} run on the calling thread: {@code Shoal.stream} pulls the input's requests as
 * permits free up and hands back outcomes in completion order; each becomes a row at once. There is no
 * writer thread and no queue, so memory stays flat for any input. Rows are flushed every
 * {@value #FLUSH_MILLIS} ms and at the end, including after Ctrl-C.
 */
public final class FetchRun {
    private static final long FLUSH_MILLIS = 100;

    private final RowWriter rows;
    private final String outputName;
    private final PrintWriter err;
    private final ProgressMeter progress;
    private final RunStats stats = new RunStats();
    private Shoal shoal;
    private long lastFlush;
    private IOException writeFailure;

    /**
     * @param outputName where rows go, for messages
     * @param progress   the live line, or null when stderr is not a terminal or --no-progress
     */
    public FetchRun(RowWriter rows, String outputName, PrintWriter err, ProgressMeter progress) {
        this.rows = rows;
        this.outputName = outputName;
        this.err = err;
        this.progress = progress;
    }

    /**
     * Sends a request for every input line whose index is not in {@code done}, writing one row each.
     *
     * @return the exit status: 0, or 128 + the signal's number after Ctrl-C or SIGTERM
     * @throws FatalError when rows cannot be written or the input cannot be read
     */
    public int run(Shoal shoal, InputLines lines, RequestTemplate template, BitSet done) {
        this.shoal = shoal;
        long start = System.nanoTime();
        lastFlush = start;
        RequestSource source = new RequestSource(lines, template, done, this::invalidLine);
        boolean interrupted = false;
        try (InterruptOnSignal signals = InterruptOnSignal.install(this::flushQuietly)) {
            try {
                shoal.stream(source, this::outcome, this::refresh);  // ticks keep progress and flushing alive in a stall
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (UncheckedIOException e) {
                throw FatalError.io("cannot read", "input", e.getCause());
            } finally {
                Thread.interrupted(); // our own interrupt after a write failure may still be pending
                finish(start, source.skipped());
            }
            if (writeFailure != null) {
                throw FatalError.io("cannot write rows to", outputName, writeFailure);
            }
            if (interrupted || signals.received() != 0) {
                err.printf(Locale.ROOT, "shoal: interrupted; %,d rows written.%s%n", stats.rows(),
                        outputName.equals("stdout") ? "" : " Run again with --resume to finish.");
                err.flush();
                return signals.exitStatus();
            }
            return ExitStatus.OK;
        }
    }

    private void outcome(Outcome outcome) {
        if (writeFailure != null) {
            return;
        }
        try {
            // RequestTemplate tags each request with its input index
            rows.write(Row.of((Long) outcome.request().tag(), outcome));
        } catch (IOException e) {
            stopAfterWriteFailure(e);
            return;
        }
        stats.record(outcome);
        refresh();
    }

    private void invalidLine(long index, InputLine.Invalid line) {
        if (writeFailure != null) {
            return;
        }
        try {
            rows.write(Row.failed(index, line.url(), line.method(), ErrorKind.INVALID_REQUEST, line.message()));
        } catch (IOException e) {
            stopAfterWriteFailure(e);
            return;
        }
        stats.recordInvalidLine();
        refresh();
    }

    /** Rows cannot be lost silently: stop the stream (by the documented interrupt) and fail the run. */
    private void stopAfterWriteFailure(IOException e) {
        writeFailure = e;
        Thread.currentThread().interrupt();
    }

    private void refresh() {
        long now = System.nanoTime();
        if (now - lastFlush >= FLUSH_MILLIS * 1_000_000) {
            lastFlush = now;
            try {
                rows.flush();
            } catch (IOException e) {
                stopAfterWriteFailure(e);
            }
        }
        if (progress != null) {
            progress.update(now, stats.rows(), shoal.inFlight(), stats.errors());
        }
    }

    private void finish(long start, long skipped) {
        if (writeFailure == null) {
            try {
                rows.flush();
            } catch (IOException e) {
                writeFailure = e;
            }
        }
        if (progress != null) {
            progress.clear();
        }
        if (skipped > 0) {
            err.printf(Locale.ROOT, "shoal: --resume: %,d requests already had a row and were skipped%n", skipped);
        }
        for (String line : stats.summary(System.nanoTime() - start)) {
            err.println(line.startsWith(" ") ? line : "shoal: " + line);
        }
        err.flush();
    }

    private void flushQuietly() {
        try {
            rows.flush();
        } catch (IOException e) {
            // halting anyway: nothing more can be done for these rows
        }
    }
}
