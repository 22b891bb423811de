package dev.shoal.cli.fetch;

/** --resume was given rows of another input: the row of {@link #index} is not for that input line's request. */
public final class ResumeMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long index;

    ResumeMismatch(long index, String inputRequest) {
        super("the row of index " + index + " is not for request " + index + " of this input (" + inputRequest + ")",
                null, false, false);
        this.index = index;
    }

    /** The first index whose row does not match the input. */
    public long index() {
        return index;
    }
}
