package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.RequestFeed;
import dev.shoal.Urls;
import dev.shoal.cli.fetch.LineReader.Line;
import dev.shoal.rows.InputLine;
import dev.shoal.rows.Row;

import java.util.NoSuchElementException;

/**
 * The requests of the input, pulled by {@code Shoal.stream} on the calling thread as a {@link RequestFeed}:
 * it is ready when a line has arrived, so the run never waits for input while it has rows to write. Every
 * line that is not blank or a comment gets the next index from 0; indexes already done (by a previous run,
 * for --resume) are skipped once their row is found to be for the same request; a line that cannot become a
 * request is handed to {@link InvalidLines} as its row at once, and is not sent.
 */
public final class RequestSource implements RequestFeed {

    /** Receives the rows of the lines that cannot be sent. */
    @FunctionalInterface
    public interface InvalidLines {
        void accept(Row row);
    }

    private static final int MAX_SHOWN_URL = 200;

    private final InputLines lines;
    private final RequestTemplate template;
    private final EarlierRows done;
    private final InvalidLines invalid;
    private long nextIndex;
    private long skipped;
    private Request next;
    private boolean exhausted;

    public RequestSource(InputLines lines, RequestTemplate template, EarlierRows done, InvalidLines invalid) {
        this.lines = lines;
        this.template = template;
        this.done = done;
        this.invalid = invalid;
    }

    /**
     * @throws ResumeMismatch when the row of a done index is for another request than the line's
     * @throws java.io.UncheckedIOException when the input cannot be read
     */
    @Override
    public boolean ready() {
        while (next == null && !exhausted) {
            Line line = lines.poll();
            if (line == null) {
                return false;
            }
            accept(line);
        }
        return true;
    }

    @Override
    public void onReady(Runnable wake) {
        lines.onReady(wake);
    }

    /**
     * Waits for the next line if none has arrived; an interrupt while waiting ends the requests (the
     * interrupt stays set for the caller to see).
     */
    @Override
    public boolean hasNext() {
        while (next == null && !exhausted) {
            try {
                accept(lines.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exhausted = true;
            }
        }
        return next != null;
    }

    @Override
    public Request next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Request request = next;
        next = null;
        return request;
    }

    /** The index the next line that takes one gets. */
    public long nextIndex() {
        return nextIndex;
    }

    /** Lines skipped because their index was already done. */
    public long skipped() {
        return skipped;
    }

    private void accept(Line line) {
        if (line == InputLines.END) {
            exhausted = true;
            if (done.lastIndex() >= nextIndex) {
                throw ResumeMismatch.beyondTheInput(done.done().nextSetBit((int) nextIndex), nextIndex);
            }
            return;
        }
        if (line.text() != null && !InputLine.takesIndex(line.text())) {
            return;
        }
        long index = nextIndex++;
        Object made = make(index, line);
        if (done.isDone(index)) {
            String url = made instanceof Request r ? r.url() : ((Row) made).url();
            String method = made instanceof Request r ? r.method() : ((Row) made).method();
            if (!done.matches(index, url, method)) {
                throw ResumeMismatch.at(index, shown(method, url));
            }
            skipped++;
        } else if (made instanceof Request request) {
            next = request;
        } else {
            invalid.accept((Row) made);
        }
    }

    /** The line's request, or the row of a line that cannot be one. */
    private Object make(long index, Line line) {
        if (line.text() == null) {
            return Row.failed(index, null, null, line.problem(), line.message());  // too long to read
        }
        InputLine parsed = InputLine.parse(line.text());
        if (line.problem() != null) {
            if (parsed instanceof InputLine.Spec spec) {
                Request shown = template.identity(spec);
                return Row.failed(index, shown.url(), shown.method(), line.problem(), line.message());
            }
            InputLine.Invalid bad = (InputLine.Invalid) parsed;
            return Row.failed(index, bad.url(), bad.method(), line.problem(), line.message());
        }
        if (parsed instanceof InputLine.Spec spec) {
            return template.build(index, spec);
        }
        InputLine.Invalid bad = (InputLine.Invalid) parsed;
        return Row.failed(index, bad.url(), bad.method(), ErrorKind.INVALID_REQUEST, bad.message());
    }

    private static String shown(String method, String url) {
        String u = url == null ? "no URL" : Urls.withoutCredentials(url);
        if (u.length() > MAX_SHOWN_URL) {
            u = u.substring(0, MAX_SHOWN_URL) + "...";
        }
        return method == null ? u : method + " " + u;
    }
}
