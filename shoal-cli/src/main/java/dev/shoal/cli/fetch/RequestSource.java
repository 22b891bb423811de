package dev.shoal.cli.fetch;

import dev.shoal.Request;
import dev.shoal.rows.InputLine;

import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The requests of the input, pulled lazily by {@code Shoal.stream} on the calling thread: every line that
 * is not blank or a comment gets the next index from 0; indexes already done (by a previous run, for
 * --resume) are skipped; a line that cannot become a request is handed to {@link InvalidLines} at once,
 * so that it still gets its row, and is not sent.
 */
public final class RequestSource implements Iterator<Request> {

    /** Receives the lines that cannot be sent, with their index. */
    @FunctionalInterface
    public interface InvalidLines {
        void accept(long index, InputLine.Invalid line);
    }

    private final InputLines lines;
    private final RequestTemplate template;
    private final BitSet done;
    private final InvalidLines invalid;
    private long nextIndex;
    private long skipped;
    private Request next;
    private boolean exhausted;

    public RequestSource(InputLines lines, RequestTemplate template, BitSet done, InvalidLines invalid) {
        this.lines = lines;
        this.template = template;
        this.done = done;
        this.invalid = invalid;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !exhausted) {
            String line = lines.next();
            if (line == null) {
                exhausted = true;
            } else if (InputLine.takesIndex(line)) {
                long index = nextIndex++;
                if (index <= Integer.MAX_VALUE && done.get((int) index)) {
                    skipped++;
                } else {
                    InputLine parsed = InputLine.parse(line);
                    if (parsed instanceof InputLine.Spec spec) {
                        next = template.build(index, spec);
                    } else {
                        invalid.accept(index, (InputLine.Invalid) parsed);
                    }
                }
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

    /** Lines skipped because their index was already done. */
    public long skipped() {
        return skipped;
    }
}
