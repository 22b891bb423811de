package dev.shoal.cli.fetch;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Draws the progress line on a terminal, in place: carriage return, the line, clear to the end of line;
 * at most five times a second, whenever the run's loop calls {@link #update}. The rate is measured over
 * the last five seconds so the ETA follows the run's current pace.
 */
public final class ProgressMeter {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WINDOW = 25; // redraws: five seconds
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter terminal;
    private final LongSupplier total;
    private final int width;
    private final long[] sampleNanos = new long[WINDOW];
    private final long[] sampleDone = new long[WINDOW];
    private int samples;
    private long lastDraw;
    private boolean drawn;

    /**
     * @param total requests expected, negative while unknown (it may become known as the run goes)
     * @param width the terminal's columns
     */
    public ProgressMeter(PrintWriter terminal, LongSupplier total, int width, long startNanos) {
        this.terminal = terminal;
        this.total = total;
        this.width = width;
        this.lastDraw = startNanos;
        sampleNanos[0] = startNanos;
        samples = 1;
    }

    public void update(long nowNanos, long done, int inFlight, long errors) {
        if (nowNanos - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = nowNanos;
        int oldest = samples < WINDOW ? 0 : samples % WINDOW;
        double seconds = (nowNanos - sampleNanos[oldest]) / 1e9;
        double rate = seconds > 0 ? (done - sampleDone[oldest]) / seconds : 0;
        sampleNanos[samples % WINDOW] = nowNanos;
        sampleDone[samples % WINDOW] = done;
        samples++;
        // one column short of the width: writing the last column makes some terminals wrap
        terminal.print(CLEAR_LINE + ProgressLine.render(done, total.getAsLong(), rate, inFlight, errors, width - 1));
        terminal.flush();
        drawn = true;
    }

    /** Removes the line, so that what follows (the summary) starts on a clean line. */
    public void clear() {
        if (drawn) {
            terminal.print(CLEAR_LINE);
            terminal.flush();
            drawn = false;
        }
    }
}
