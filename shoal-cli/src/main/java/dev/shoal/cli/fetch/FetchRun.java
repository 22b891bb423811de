package dev.shoal.cli.fetch;

import dev.shoal.Outcome;
import dev.shoal.Shoal;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.FatalError;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * One {@code shoal fetch} run on the calling thread: {@code Shoal.stream} pulls the input's requests as
 * permits free up and lines arrive, and hands back outcomes in completion order; each becomes a row at
 * once. There is no writer thread and no queue of rows, so memory stays flat for any input. Rows are
 * flushed by a {@link RowFlusher} within {@value RowFlusher#PERIOD_MILLIS} ms, and at the end, including
 * after Ctrl-C.
 */
public final class FetchRun {
    private final RowWriter rows;
    private final String outputName;
    private final PrintWriter err;
    private final ProgressMeter progress;
    private final RowMaker rowMaker;
    private final RunStats stats = new RunStats();
    private Shoal shoal;
    private Thread runThread;
    private volatile IOException writeFailure;

    /**
     * @param outputName where rows go, for messages
     * @param progress   the live line, or null when stderr is not a terminal or --no-progress
     */
    public FetchRun(RowWriter rows, String outputName, PrintWriter err, ProgressMeter progress) {
        this(rows, outputName, err, progress, RowMaker.plain());
    }

    /** As {@link #FetchRun(RowWriter, String, PrintWriter, ProgressMeter)}; {@code rowMaker} turns outcomes into rows. */
    FetchRun(RowWriter rows, String outputName, PrintWriter err, ProgressMeter progress, RowMaker rowMaker) {
        this.rowMaker = rowMaker;
        this.rows = rows;
        this.outputName = outputName;
        this.err = err;
        this.progress = progress;
    }

    /**
     * Sends a request for every input line whose index is not in {@code done}, writing one row each.
     *
     * @return the exit status: 0, or 128 + the signal's number after Ctrl-C or SIGTERM
     * @throws FatalError      when rows cannot be written or the input cannot be read
     * @throws ResumeMismatch  when a row of {@code done} is for another request than its input line
     */
    public int run(Shoal shoal, InputLines lines, RequestTemplate template, EarlierRows done) {
        this.shoal = shoal;
        this.runThread = Thread.currentThread();
        long start = System.nanoTime();
        RequestSource source = new RequestSource(lines, template, done, this::invalidLine);
        boolean interrupted = false;
        boolean summary = true;
        try (InterruptOnSignal signals = InterruptOnSignal.install(this::beforeHalt);
             RowFlusher flusher = RowFlusher.start(rows, this::stopAfterWriteFailure);
             lines) {
            try {
                shoal.stream(source, this::outcome, this::refresh);  // ticks keep progress alive in a stall
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (UncheckedIOException e) {
                throw FatalError.io("cannot read", "input", e.getCause());
            } catch (ResumeMismatch e) {
                summary = false;  // a usage error: its one line says it all
                throw e;
            } finally {
                Thread.interrupted(); // our own interrupt after a write failure may still be pending
                finish(start, source.skipped(), summary);
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
            rows.write(rowMaker.of(outcome));
        } catch (IOException e) {
            stopAfterWriteFailure(e);
            return;
        }
        stats.record(outcome);
        refresh();
    }

    private void invalidLine(Row row) {
        if (writeFailure != null) {
            return;
        }
        try {
            rows.write(row);
        } catch (IOException e) {
            stopAfterWriteFailure(e);
            return;
        }
        stats.recordInvalidLine(row.errorKind());
        refresh();
    }

    /**
     * Rows cannot be lost silently: stop the stream (by the documented interrupt) and fail the run. Called
     * on the run's thread, or on the flusher's.
     */
    private void stopAfterWriteFailure(IOException e) {
        if (writeFailure == null) {
            writeFailure = e;
        }
        runThread.interrupt();
    }

    private void refresh() {
        if (progress != null) {
            progress.update(System.nanoTime(), stats.rows(), shoal.inFlight(), stats.errors());
        }
    }

    private void finish(long start, long skipped, boolean summary) {
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
        if (!summary) {
            err.flush();
            return;
        }
        if (skipped > 0) {
            err.printf(Locale.ROOT, "shoal: --resume: %,d requests already had a row and were skipped%n", skipped);
        }
        for (String line : stats.summary(System.nanoTime() - start)) {
            err.println(line.startsWith(" ") ? line : "shoal: " + line);
        }
        err.flush();
    }

    /** The run is stuck after a signal (its output is not being read): say so, and get out what rows we can. */
    private void beforeHalt() {
        err.printf(Locale.ROOT, "shoal: interrupted; %s is blocked, so rows not written yet are lost.%s%n", outputName,
                outputName.equals("stdout") ? "" : " Run again with --resume to finish.");
        err.flush();
        try {
            rows.flush();
        } catch (IOException e) {
            // halting anyway: nothing more can be done for these rows
        }
    }
}
