package dev.shoal;

import java.net.InetSocketAddress;

/**
 * A failed request: its {@link ErrorKind}, a one-line message, and what the request had done by then
 * (attempts, redirects, timing). Stack traces are not filled: a bulk run creates many of these and the
 * kind and message say what happened.
 */
public final class ShoalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final int attempts;
    private final int redirects;
    private final long startedAtMillis;
    private final long elapsedNanos;
    private final transient Timings timings;
    private final transient InetSocketAddress remoteAddress;

    public ShoalException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public ShoalException(ErrorKind kind, String message, Throwable cause) {
        this(kind, message, cause, 0, 0, 0L, 0L, Timings.NONE, null);
    }

    private ShoalException(ErrorKind kind, String message, Throwable cause, int attempts, int redirects,
                           long startedAtMillis, long elapsedNanos, Timings timings, InetSocketAddress remoteAddress) {
        super(message, cause, false, false);
        this.kind = kind;
        this.attempts = attempts;
        this.redirects = redirects;
        this.startedAtMillis = startedAtMillis;
        this.elapsedNanos = elapsedNanos;
        this.timings = timings;
        this.remoteAddress = remoteAddress;
    }

    /** The same failure, stamped with what the whole request did (set once, when the request ends). */
    public ShoalException withCallStats(int attempts, int redirects, long startedAtMillis, long elapsedNanos) {
        return withCallStats(attempts, redirects, startedAtMillis, elapsedNanos, timings, remoteAddress);
    }

    /** As {@link #withCallStats(int, int, long, long)}, with where the time went and the address last connected to. */
    public ShoalException withCallStats(int attempts, int redirects, long startedAtMillis, long elapsedNanos,
                                        Timings timings, InetSocketAddress remoteAddress) {
        return new ShoalException(kind, getMessage(), getCause(), attempts, redirects, startedAtMillis, elapsedNanos,
                timings == null ? Timings.NONE : timings, remoteAddress);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Attempts made (0 when the request never reached the network, e.g. an invalid URL). */
    public int attempts() {
        return attempts;
    }

    public int redirects() {
        return redirects;
    }

    /** Epoch milliseconds when the request got its permit and started; 0 if it never started. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Where the request's time went until it failed (never null; all zero if it never started). */
    public Timings timings() {
        return timings == null ? Timings.NONE : timings;  // null only after deserialization
    }

    /** The address the request's last connection went to; null when it never connected. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return kind.wireName() + ": " + getMessage();
    }
}
