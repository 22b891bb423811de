package dev.shoal.cli.fetch;

import java.io.Flushable;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Flushes the rows every {@value #PERIOD_MILLIS} ms on a thread of its own, so that a finished row reaches
 * the output within about that long whatever the run's thread is doing, and a pipeline downstream sees rows
 * as they come; rows are written in between without a system call each. A flush with nothing written
 * costs no write.
 */
final class RowFlusher implements AutoCloseable {
    static final long PERIOD_MILLIS = 50;

    private final Flushable rows;
    private final Consumer<IOException> onFailure;
    private final Thread thread;
    private volatile boolean closed;

    private RowFlusher(Flushable rows, Consumer<IOException> onFailure) {
        this.rows = rows;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "shoal-row-flusher");
        thread.setDaemon(true);  // it may wait on a stalled pipe: that must not keep the process alive
    }

    /** Starts flushing {@code rows}; a failure to write is handed to {@code onFailure} and ends the flushing. */
    static RowFlusher start(Flushable rows, Consumer<IOException> onFailure) {
        RowFlusher flusher = new RowFlusher(rows, onFailure);
        flusher.thread.start();
        return flusher;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, PERIOD_MILLIS * 1_000_000);
            if (closed) {
                return;
            }
            try {
                rows.flush();
            } catch (IOException e) {
                if (!closed) {
                    onFailure.accept(e);
                }
                return;
            }
        }
    }

    /** Stops flushing; the caller flushes what is left itself. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);  // not an interrupt: that would close an interruptible channel mid-write
    }
}
