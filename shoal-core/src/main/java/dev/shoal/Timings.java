package dev.shoal;

import java.time.Duration;

/**
 * Where one request's time went, in nanoseconds, summed over its attempts and redirect hops. A phase that
 * did not happen is zero: a request on a pooled connection has no {@code dns}, {@code connect} or
 * {@code tls}; a request refused before it was sent has no {@code wait} or {@code download}.
 *
 * <ul>
 *   <li>{@code queued}: waiting for this client's own limits: the host and global permits, the rate token,
 *       and a free connection of the origin's pool (beyond the set-up of the connection it got);</li>
 *   <li>{@code dns}: resolving the host name (zero for an IP literal or a pinned address);</li>
 *   <li>{@code connect}: the TCP connect, a proxy tunnel, and the protocol's set-up (HTTP/2 settings);</li>
 *   <li>{@code tls}: the TLS handshake;</li>
 *   <li>{@code wait}: from the request sent to the response head: the server's think time and the round trip;</li>
 *   <li>{@code download}: from the response head to the end of the body;</li>
 *   <li>{@code total}: from the call to {@code send} to the end, including what no phase names (retry
 *       back-off, redirects' own work).</li>
 *   <li>{@code polite}: held back because the host asked: a Retry-After or RateLimit hold on the whole host,
 *       a pace slowed after 429/503 answers, robots.txt's Crawl-delay (not part of {@code queued}).</li>
 * </ul>
 *
 * The set-up phases of a new connection count for each request that waited while it was set up (several, when
 * they share one HTTP/2 connection); a connect that failed counts in the phase that failed.
 */
public final class Timings {
    /** All phases zero: a request that ended before it started. */
    public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0, 0);

    private final long queuedNanos;
    private final long dnsNanos;
    private final long connectNanos;
    private final long tlsNanos;
    private final long waitNanos;
    private final long downloadNanos;
    private final long totalNanos;
    private final long politeNanos;

    /**
     * The phases in nanoseconds; negative values count as zero.
     *
     * @param queuedNanos waiting for permits, the rate token and a pooled connection
     * @param dnsNanos resolving host names
     * @param connectNanos TCP connect, proxy tunnel and protocol set-up
     * @param tlsNanos TLS handshakes
     * @param waitNanos request sent to response head
     * @param downloadNanos response head to the end of the body
     * @param totalNanos the whole call
     */
    public Timings(long queuedNanos, long dnsNanos, long connectNanos, long tlsNanos,
                   long waitNanos, long downloadNanos, long totalNanos) {
        this(queuedNanos, dnsNanos, connectNanos, tlsNanos, waitNanos, downloadNanos, totalNanos, 0);
    }

    /**
     * As {@link #Timings(long, long, long, long, long, long, long)}, with the time held back because the host asked.
     *
     * @param queuedNanos waiting for permits, the rate token and a pooled connection
     * @param dnsNanos resolving host names
     * @param connectNanos TCP connect, proxy tunnel and protocol set-up
     * @param tlsNanos TLS handshakes
     * @param waitNanos request sent to response head
     * @param downloadNanos response head to the end of the body
     * @param totalNanos the whole call
     * @param politeNanos held back because the host asked
     */
    public Timings(long queuedNanos, long dnsNanos, long connectNanos, long tlsNanos,
                   long waitNanos, long downloadNanos, long totalNanos, long politeNanos) {
        this.politeNanos = Math.max(0, politeNanos);
        this.queuedNanos = Math.max(0, queuedNanos);
        this.dnsNanos = Math.max(0, dnsNanos);
        this.connectNanos = Math.max(0, connectNanos);
        this.tlsNanos = Math.max(0, tlsNanos);
        this.waitNanos = Math.max(0, waitNanos);
        this.downloadNanos = Math.max(0, downloadNanos);
        this.totalNanos = Math.max(0, totalNanos);
    }

    /** {@return nanoseconds waiting for permits, the rate token and a pooled connection} */
    public long queuedNanos() {
        return queuedNanos;
    }

    /** {@return nanoseconds resolving host names} */
    public long dnsNanos() {
        return dnsNanos;
    }

    /** {@return nanoseconds in TCP connect, proxy tunnel and protocol set-up of new connections} */
    public long connectNanos() {
        return connectNanos;
    }

    /** {@return nanoseconds in TLS handshakes of new connections} */
    public long tlsNanos() {
        return tlsNanos;
    }

    /** {@return nanoseconds from the request sent to the response head (the server's time to first byte)} */
    public long waitNanos() {
        return waitNanos;
    }

    /** {@return nanoseconds from the response head to the end of the body} */
    public long downloadNanos() {
        return downloadNanos;
    }

    /** {@return nanoseconds of the whole call, from {@code send} to its end} */
    public long totalNanos() {
        return totalNanos;
    }

    /** {@return nanoseconds held back because the host asked (Retry-After, RateLimit, 429/503 pace, Crawl-delay)} */
    public long politeNanos() {
        return politeNanos;
    }

    /** {@return the time waiting for permits, the rate token and a pooled connection} */
    public Duration queued() {
        return Duration.ofNanos(queuedNanos);
    }

    /** {@return the time resolving host names} */
    public Duration dns() {
        return Duration.ofNanos(dnsNanos);
    }

    /** {@return the time in TCP connects, proxy tunnels and protocol set-up} */
    public Duration connect() {
        return Duration.ofNanos(connectNanos);
    }

    /** {@return the time in TLS handshakes} */
    public Duration tls() {
        return Duration.ofNanos(tlsNanos);
    }

    /** {@return the time from the request sent to the response head} */
    public Duration waitTime() {
        return Duration.ofNanos(waitNanos);
    }

    /** {@return the time from the response head to the end of the body} */
    public Duration download() {
        return Duration.ofNanos(downloadNanos);
    }

    /** {@return the whole call's time} */
    public Duration total() {
        return Duration.ofNanos(totalNanos);
    }

    @Override
    public String toString() {
        return "Timings{queued=" + ms(queuedNanos) + "ms, dns=" + ms(dnsNanos) + "ms, connect=" + ms(connectNanos)
                + "ms, tls=" + ms(tlsNanos) + "ms, wait=" + ms(waitNanos) + "ms, download=" + ms(downloadNanos)
                + "ms, total=" + ms(totalNanos) + "ms, polite=" + ms(politeNanos) + "ms}";
    }

    private static String ms(long nanos) {
        return String.valueOf(nanos / 1_000_000.0);
    }
}
