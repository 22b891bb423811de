package dev.shoal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting of a {@link Shoal} client, immutable; made by {@link Shoal.Builder}.
 *
 * <p>Timeouts: {@code connectTimeout} covers TCP and TLS handshakes of one connection; {@code readTimeout} is
 * the longest time without a byte from the server while a response is awaited or read; {@code deadline}
 * covers the whole request, redirects, retries and their waits included, and starts when the request gets
 * its permits (not while it waits for them). A zero duration means "no limit".
 *
 * <p>Limits: {@code maxInFlight} requests at once overall; {@code maxPerHost} at once and connections open
 * per origin (scheme, host, port, as aiohttp's {@code limit_per_host}); {@code ratePerHost} request
 * attempts per second per origin (0: unlimited).
 *
 * <p>Sockets: {@code maxIdleConnections} keep-alive connections kept open with no request on them, over all
 * origins, the least recently used closed first ({@link #AUTO_IDLE_CAP}: derived from the process's file
 * limit, see {@link dev.shoal.Shoal.Builder#maxIdleConnections}). Open sockets stay within {@code maxInFlight}
 * plus that cap: at the bound, an idle connection is closed before another is opened.
 *
 * <p>TLS: {@code tlsProvider} picks the engine (see {@link TlsProvider}); null means {@link TlsProvider#AUTO}.
 *
 * <p>Proxies: {@code httpProxy} carries http URLs, {@code httpsProxy} https URLs (either may be null: direct).
 *
 * <p>Names: {@code dns} says how host names are resolved, and which are pinned or redirected (see {@link DnsConfig}).
 *
 * <p>Events: {@code eventListenerFactory} makes each request's {@link EventListener} (null: none).
 */
public record ShoalConfig(
        int maxInFlight,
        int maxPerHost,
        double ratePerHost,
        Duration connectTimeout,
        Duration readTimeout,
        Duration deadline,
        RetryPolicy retry,
        boolean followRedirects,
        int maxRedirects,
        long maxBodyBytes,
        String userAgent,
        int ioThreads,
        Duration idleTimeout,
        int maxIdleConnections,
        boolean insecure,
        Path trustedCertificates,
        TlsProvider tlsProvider,
        HttpVersionPolicy httpVersion,
        ProxyConfig httpProxy,
        ProxyConfig httpsProxy,
        boolean cookies,
        DnsConfig dns,
        EventListener.Factory eventListenerFactory) {

    public ShoalConfig {
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1");
        if (maxPerHost < 1) throw new IllegalArgumentException("maxPerHost must be at least 1");
        // NaN passes a "< 0" test, and a rate so small that its interval overflows a long would not limit at all
        if (!(ratePerHost == 0 || ratePerHost >= MIN_RATE_PER_HOST && ratePerHost < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ratePerHost must be 0 (unlimited) or from " + MIN_RATE_PER_HOST
                    + " (one a day) to a finite number, not " + ratePerHost);
        }
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes must not be negative");
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be at least 1");
        if (maxIdleConnections < AUTO_IDLE_CAP) {
            throw new IllegalArgumentException("maxIdleConnections must not be negative");
        }
        if (dns == null) throw new IllegalArgumentException("dns must not be null");
        if (tlsProvider == null) tlsProvider = TlsProvider.AUTO;
    }

    /** The smallest {@code ratePerHost} other than 0: one request a day. */
    public static final double MIN_RATE_PER_HOST = 1.0 / 86_400;

    /** {@code maxIdleConnections} for "as many as the file limit leaves room for, up to maxInFlight". */
    public static final int AUTO_IDLE_CAP = -1;

    /** The proxy for URLs of {@code scheme} ("http" or "https"), or null for none. */
    public ProxyConfig proxyFor(String scheme) {
        return "https".equals(scheme) ? httpsProxy : httpProxy;
    }

    @Override
    public String toString() {
        return "ShoalConfig{maxInFlight=" + maxInFlight + ", maxPerHost=" + maxPerHost + ", ratePerHost=" + ratePerHost
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", deadline=" + deadline
                + ", retry=" + retry + ", followRedirects=" + followRedirects + ", maxRedirects=" + maxRedirects
                + ", maxBodyBytes=" + maxBodyBytes + ", ioThreads=" + ioThreads + ", maxIdleConnections=" + maxIdleConnections + ", tlsProvider=" + tlsProvider + ", httpVersion=" + httpVersion
                + ", httpProxy=" + httpProxy + ", httpsProxy=" + httpsProxy + ", cookies=" + cookies + ", dns=" + dns
                + ", eventListener=" + (eventListenerFactory != null) + "}";
    }
}
