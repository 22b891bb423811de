package dev.shoal;

import dev.shoal.internal.base.Internal;

import java.net.InetSocketAddress;

/**
 * A failed request: its {@link ErrorKind}, a one-line message, and what the request had done by then
 * (attempts, redirects, timing). Stack traces are not filled: a bulk run creates many of these and the
 * kind and message say what happened.
 */
public final class ShoalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request failed. */
    private final ErrorKind kind;
    /** Attempts made. */
    private final int attempts;
    /** Redirects followed. */
    private final int redirects;
    /** Epoch milliseconds when the request started, or 0. */
    private final long startedAtMillis;
    /** Nanoseconds from the start to the failure. */
    private final long elapsedNanos;
    /** Where the time went (not serialized). */
    private final transient Timings timings;
    /** The address last connected to (not serialized). */
    private final transient InetSocketAddress remoteAddress;

    static {
        Internal.install(new InternalAccess());
    }

    ShoalException(ErrorKind kind, String message, Throwable cause) {
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
    ShoalException withCallStats(int attempts, int redirects, long startedAtMillis, long elapsedNanos,
                                 Timings timings, InetSocketAddress remoteAddress) {
        return new ShoalException(kind, getMessage(), getCause(), attempts, redirects, startedAtMillis, elapsedNanos,
                timings == null ? Timings.NONE : timings, remoteAddress);
    }

    /** {@return why the request failed} */
    public ErrorKind kind() {
        return kind;
    }

    /** {@return the attempts made (0 when the request never reached the network, e.g. an invalid URL)} */
    public int attempts() {
        return attempts;
    }

    /** {@return the redirects followed before the failure} */
    public int redirects() {
        return redirects;
    }

    /** {@return epoch milliseconds when the request got its permit and started; 0 if it never started} */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** {@return nanoseconds from the request's start to its failure; 0 if it never started} */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** {@return where the request's time went until it failed (never null; all zero if it never started)} */
    public Timings timings() {
        return timings == null ? Timings.NONE : timings;  // null only after deserialization
    }

    /** {@return the address the request's last connection went to; null when it never connected} */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** {@return the kind's wire name and the message, e.g. {@code connect_refused: connection refused (h:80)}} */
    @Override
    public String toString() {
        return kind.wireName() + ": " + getMessage();
    }
}
