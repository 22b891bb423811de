package dev.shoal.cli.fetch;

import dev.shoal.cli.ExitStatus;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an interrupt of the run's thread, so that {@code Shoal.stream}
 * cancels what is in flight and the run flushes its rows and ends with 128 + the signal's number.
 * A last resort keeps the promise to stop within a second: if the run has not finished within the grace
 * period (stuck writing to a pipe nobody reads, say), the rows are given a moment to be flushed, on a
 * thread that may block without holding the halt up, and the process halts. Rows that did not get out
 * count as not done: --resume fetches them again. A second signal halts at once.
 */
public final class InterruptOnSignal implements AutoCloseable {
    private static final long GRACE_MILLIS = 400;
    private static final long LAST_FLUSH_MILLIS = 200;
    private static final int SIGINT = 2;

    private final Thread runThread;
    private final Runnable flushRows;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile int received;

    private InterruptOnSignal(Thread runThread, Runnable flushRows) {
        this.runThread = runThread;
        this.flushRows = flushRows;
    }

    /** Handles SIGINT and SIGTERM for the calling thread's run until {@link #close}. */
    public static InterruptOnSignal install(Runnable flushRows) {
        InterruptOnSignal handler = new InterruptOnSignal(Thread.currentThread(), flushRows);
        for (String name : List.of("INT", "TERM")) {
            Signal signal = new Signal(name);
            handler.signals.add(signal);
            handler.previous.add(Signal.handle(signal, handler::onSignal));
        }
        return handler;
    }

    /** The signal that stopped the run, or 0. */
    public int received() {
        return received;
    }

    /** 128 + the signal's number; 130 (as for Ctrl-C) when the run was interrupted otherwise. */
    public int exitStatus() {
        return ExitStatus.signalled(received != 0 ? received : SIGINT);
    }

    // runs on a thread of its own, one per signal
    private void onSignal(Signal signal) {
        if (received != 0) {
            Runtime.getRuntime().halt(ExitStatus.signalled(signal.getNumber()));
        }
        received = signal.getNumber();
        runThread.interrupt();
        try {
            if (!finished.await(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                Thread lastFlush = new Thread(flushRows, "shoal-last-flush");
                lastFlush.setDaemon(true);
                lastFlush.start();
                lastFlush.join(LAST_FLUSH_MILLIS);
                Runtime.getRuntime().halt(ExitStatus.signalled(signal.getNumber()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The run is over: restores the previous handlers. */
    @Override
    public void close() {
        finished.countDown();
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
