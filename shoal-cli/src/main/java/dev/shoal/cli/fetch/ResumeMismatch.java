package dev.shoal.cli.fetch;

/** --resume was given rows of another input: the row of {@link #index} is not for that input line's request. */
public final class ResumeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long index;

    private ResumeMismatch(long index, String message) {
        super(message, null, false, false);
        this.index = index;
    }

    /** The row of {@code index} is for another request than {@code inputRequest}, the input's at that index. */
    static ResumeMismatch at(long index, String inputRequest) {
        return new ResumeMismatch(index, "the row of index " + index + " is not for request " + index
                + " of this input (" + inputRequest + ")");
    }

    /** The input ended after {@code requests} requests, and {@code index} (at least that) has a row. */
    static ResumeMismatch beyondTheInput(long index, long requests) {
        return new ResumeMismatch(index, "the row of index " + index + " has no request in this input (it has "
                + requests + ")");
    }

    /** The first index whose row does not match the input. */
    public long index() {
        return index;
    }
}
