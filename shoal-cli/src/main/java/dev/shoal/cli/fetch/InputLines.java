package dev.shoal.cli.fetch;

import dev.shoal.cli.fetch.LineReader.Line;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The input's lines in order: the URLs given as arguments, then the lines of the input file or stdin (if
 * any). The stream is read on a thread of its own, so that the run's thread never waits for input while it
 * has rows to write: lines go over in chunks, each one what a read of the stream gave (a chunk is handed
 * on before every read, which may wait), through a queue of a few chunks, so memory stays small.
 */
public final class InputLines implements AutoCloseable {
    /** Lines in one chunk at most: a buffer's worth of short lines is handed on in a few steps. */
    private static final int CHUNK_LINES = 1024;
    private static final int QUEUED_CHUNKS = 2;

    /** The line after the last one. */
    public static final Line END = new Line(null, null, "end of input");

    private final Iterator<String> arguments;
    private final InputStream in;
    private final int maxLineBytes;
    private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private volatile Runnable wake = () -> { };
    private Thread reader;
    private Iterator<Line> current = List.<Line>of().iterator();
    private boolean ended;

    /** What the reading thread hands on: lines, and at last the end of the input or why it could not be read. */
    private record Chunk(List<Line> lines, boolean last, IOException failure) {
    }

    /**
     * @param in           the input's stream, or null when there is none (URLs as arguments only)
     * @param maxLineBytes longer lines are not read; each becomes an invalid line
     */
    public InputLines(List<String> arguments, InputStream in, int maxLineBytes) {
        this.arguments = List.copyOf(arguments).iterator();
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** {@code wake} runs on the reading thread whenever it has handed on more lines (or the end). */
    public void onReady(Runnable wake) {
        this.wake = wake;
    }

    /**
     * The next line if one is at hand now, else null; {@link #END} at the end.
     *
     * @throws UncheckedIOException when the input could not be read
     */
    public Line poll() {
        try {
            return next(false);
        } catch (InterruptedException e) {
            throw new AssertionError("poll does not wait", e);
        }
    }

    /**
     * The next line, waiting for it; {@link #END} at the end.
     *
     * @throws UncheckedIOException when the input could not be read
     */
    public Line take() throws InterruptedException {
        return next(true);
    }

    private Line next(boolean wait) throws InterruptedException {
        if (arguments.hasNext()) {
            return Line.of(arguments.next());
        }
        while (!current.hasNext()) {
            if (ended || in == null) {
                return END;
            }
            startReader();
            Chunk chunk;
            if (wait) {
                chunk = chunks.take();
            } else {
                chunk = chunks.poll();
                if (chunk == null) {
                    return null;
                }
            }
            current = chunk.lines.iterator();
            if (chunk.failure != null) {
                ended = true;
                throw new UncheckedIOException(chunk.failure);
            }
            ended = chunk.last;
        }
        return current.next();
    }

    private void startReader() {
        if (reader == null) {
            reader = new Thread(this::read, "shoal-input");
            reader.setDaemon(true);  // it may wait on a pipe forever: that must not keep the process alive
            reader.start();
        }
    }

    // on the reading thread
    private void read() {
        List<Line> pending = new ArrayList<>();
        LineReader lines = new LineReader(in, maxLineBytes, () -> handOn(pending, false));
        try {
            Line line;
            while ((line = lines.next()) != null) {
                pending.add(line);
                if (pending.size() >= CHUNK_LINES) {
                    handOn(pending, false);
                }
            }
            handOn(pending, true);
        } catch (InterruptedIOException e) {
            // closed: nobody waits for more
        } catch (IOException e) {
            fail(pending, e);
        } catch (RuntimeException e) {
            fail(pending, new IOException("the input reader failed: " + e, e));  // the run must not wait forever
        }
    }

    private void fail(List<Line> pending, IOException e) {
        try {
            put(new Chunk(List.copyOf(pending), false, e));
        } catch (InterruptedIOException closed) {
            // nobody waits for it
        }
    }

    private void handOn(List<Line> pending, boolean last) throws InterruptedIOException {
        if (pending.isEmpty() && !last) {
            return;
        }
        put(new Chunk(new ArrayList<>(pending), last, null));
        pending.clear();
    }

    private void put(Chunk chunk) throws InterruptedIOException {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("input closed");
        }
        wake.run();
    }

    /** Stops the reading thread if it waits to hand on lines (one waiting for input is a daemon and stays). */
    @Override
    public void close() {
        if (reader != null) {
            reader.interrupt();
        }
    }
}
