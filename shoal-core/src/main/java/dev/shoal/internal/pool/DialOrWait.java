package dev.shoal.internal.pool;

/**
 * Whether a caller that finds every HTTP/1.1 connection of an origin busy should count on one of them coming
 * back rather than have a new one opened. A new connection serves the caller only if it is ready before a busy
 * one is given back: when the origin's exchanges have been shorter than its connects, a connect started for
 * the caller would most often end after the caller was served elsewhere, a handshake for nothing (and, over
 * TLS, costly on both sides). When exchanges are the slower (a server that holds each request a second),
 * busy connections do not count and connections are opened up to the limit, as before.
 *
 * <p>Both durations are running averages of what this origin showed (the weight of a new sample is 1/8, as
 * in TCP's smoothed round-trip time). Until its first exchange ends, the origin's exchanges are taken to be
 * like those of the client's other origins (a crawl's second request to a host often comes while the first is
 * still under way); with no exchange ended anywhere yet, busy connections do not count. A caller that
 * has waited as long as a connect takes stops counting on them: the exchanges it waited for were not short
 * after all, so a connection is opened for it. Guarded by the pool's lock.
 */
final class DialOrWait {
    private final ClientWide clientWide;
    private long exchangeNanos;
    private long connectNanos;

    /** @param clientWide the exchanges of all origins: what this one's are taken to be until it has shown its own */
    DialOrWait(ClientWide clientWide) {
        this.clientWide = clientWide;
    }

    /**
     * The running average of exchange times over all origins of a client, updated by each origin's pool under its
     * own lock: two updates at once may lose one sample, which an average can spare.
     */
    static final class ClientWide {
        private volatile long exchangeNanos;

        void exchanged(long nanos) {
            exchangeNanos = average(exchangeNanos, nanos);
        }
    }

    /** An exchange on an HTTP/1.1 connection took {@code nanos}, from lending the connection to its return. */
    void exchanged(long nanos) {
        exchangeNanos = average(exchangeNanos, nanos);
        clientWide.exchanged(nanos);
    }

    /**
     * A connect took {@code nanos}, from its attempt to a connection ready for exchanges. The wait for a place
     * among the client's connects is left out: a burst of thousands of connects (ten thousand requests in flight
     * starting) waits there long, which says nothing of what one more connect to this origin costs.
     */
    void connected(long nanos) {
        connectNanos = average(connectNanos, nanos);
    }

    /**
     * Whether the busy connections count as room for callers, the oldest of whom has waited {@code waitedNanos}:
     * true while exchanges are known to end sooner than connects, and that caller has not waited a connect's time.
     */
    boolean countOnBusy(long waitedNanos) {
        long exchange = exchangeNanos > 0 ? exchangeNanos : clientWide.exchangeNanos;
        return exchange > 0 && exchange < connectNanos && waitedNanos < connectNanos;
    }

    /** How long after its arrival a caller counting on busy connections stops doing so (meaningful after {@link #countOnBusy}). */
    long patienceNanos() {
        return connectNanos;
    }

    private static long average(long avg, long sample) {
        long s = Math.max(1, sample);
        return avg == 0 ? s : avg + (s - avg) / 8;
    }
}
