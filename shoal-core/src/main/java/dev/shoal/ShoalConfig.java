package dev.shoal;

import dev.shoal.internal.base.FieldValues;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of a {@link Shoal} client, immutable; made only by {@link Shoal.Builder} (see
 * {@link Shoal.Builder#config()}), so that settings can be added without breaking callers.
 *
 * <p>Timeouts: {@code connectTimeout} covers TCP and TLS handshakes of one connection; {@code readTimeout} is
 * the longest time without a byte from the server while a response is awaited or read (a streamed request body
 * the server goes on taking counts as its answer coming); {@code deadline}
 * covers the whole request, redirects, retries and their waits included, and starts when the request gets
 * its permits (not while it waits for them). A zero duration means "no limit".
 *
 * <p>Limits: {@code maxInFlight} requests at once overall; {@code maxPerHost} at once and connections open
 * per origin (scheme, host, port, as aiohttp's {@code limit_per_host}); {@code ratePerHost} request
 * attempts per second per origin (0: unlimited); {@code globalRate} request attempts per second over all origins
 * (0: unlimited). A request waits for a time free under both, within its deadline; none is refused.
 *
 * <p>Sockets: {@code maxIdleConnections} keep-alive connections kept open with no request on them, over all
 * origins, the least recently used closed first ({@link #AUTO_IDLE_CAP}: derived from the process's file
 * limit, see {@link dev.shoal.Shoal.Builder#maxIdleConnections}). Open sockets stay within {@code maxInFlight}
 * plus that cap: at the bound, an idle connection is closed before another is opened.
 *
 * <p>TLS: {@code tlsProvider} picks the engine (see {@link TlsProvider}); null means {@link TlsProvider#AUTO}.
 * {@code clientCertificate} and {@code clientKey} (PEM files, both or neither) are presented to servers that ask;
 * {@code pinnedPublicKeys} (SHA-256 hashes of the server's public key, base64; empty: no pinning) fail a
 * handshake whose server certificate has another key.
 *
 * <p>Transport: {@code unixSocket}, when not null, is the Unix domain socket every connection goes to (the URL
 * still gives the Host header, the path and whether TLS is spoken); it needs the epoll transport (Linux).
 *
 * <p>Proxies: {@code httpProxy} carries http URLs, {@code httpsProxy} https URLs (either may be null: direct).
 *
 * <p>Names: {@code dns} says how host names are resolved, and which are pinned or redirected (see {@link DnsConfig}).
 *
 * <p>Politeness: {@code adaptToHosts} holds and slows a host as its 429/503, Retry-After and RateLimit answers
 * ask; {@code robots} fetches and obeys each host's robots.txt (see {@link Shoal.Builder#adaptToHosts},
 * {@link Shoal.Builder#robots}).
 *
 * <p>Events: {@code eventListenerFactory} makes each request's {@link EventListener} (null: none).
 */
public final class ShoalConfig {

    /** The smallest {@code ratePerHost} other than 0: one request a day. */
    public static final double MIN_RATE_PER_HOST = 1.0 / 86_400;

    /** {@code maxIdleConnections} for "as many as the file limit leaves room for, up to maxInFlight". */
    public static final int AUTO_IDLE_CAP = -1;

    private final int maxInFlight;
    private final int maxPerHost;
    private final double ratePerHost;
    private final double globalRate;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration deadline;
    private final RetryPolicy retry;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final long maxBodyBytes;
    private final String userAgent;
    private final int ioThreads;
    private final Duration idleTimeout;
    private final int maxIdleConnections;
    private final boolean insecure;
    private final Path trustedCertificates;
    private final Path clientCertificate;
    private final Path clientKey;
    private final java.util.List<String> pinnedPublicKeys;
    private final Path unixSocket;
    private final TlsProvider tlsProvider;
    private final HttpVersionPolicy httpVersion;
    private final ProxyConfig httpProxy;
    private final ProxyConfig httpsProxy;
    private final boolean cookies;
    private final boolean adaptToHosts;
    private final boolean robots;
    private final DnsConfig dns;
    private final EventListener.Factory eventListenerFactory;

    /** The settings of {@code b}; the only way to make one. */
    static ShoalConfig of(Shoal.Builder b) {
        return new ShoalConfig(b);
    }

    private ShoalConfig(Shoal.Builder b) {
        this.maxInFlight = b.maxInFlight;
        this.maxPerHost = b.maxPerHost;
        this.ratePerHost = b.ratePerHost;
        this.globalRate = b.globalRate;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.deadline = b.deadline;
        this.retry = b.retry;
        this.followRedirects = b.followRedirects;
        this.maxRedirects = b.maxRedirects;
        this.maxBodyBytes = b.maxBodyBytes;
        this.userAgent = b.userAgent;
        this.ioThreads = b.ioThreads;
        this.idleTimeout = b.idleTimeout;
        this.maxIdleConnections = b.maxIdleConnections;
        this.insecure = b.insecure;
        this.trustedCertificates = b.trustedCertificates;
        this.clientCertificate = b.clientCertificate;
        this.clientKey = b.clientKey;
        this.pinnedPublicKeys = b.pinnedPublicKey == null ? java.util.List.of()
                : dev.shoal.internal.tls.PinnedKeys.parse(b.pinnedPublicKey);
        this.unixSocket = b.unixSocket;
        this.tlsProvider = b.tlsProvider;
        this.httpVersion = b.httpVersion;
        this.httpProxy = b.httpProxy;
        this.httpsProxy = b.httpsProxy;
        this.cookies = b.cookies;
        this.adaptToHosts = b.adaptToHosts;
        this.robots = b.robots;
        this.dns = b.dnsConfig();
        this.eventListenerFactory = b.eventListenerFactory;
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be at least 1");
        if (maxPerHost < 1) throw new IllegalArgumentException("maxPerHost must be at least 1");
        // NaN passes a "< 0" test, and a rate so small that its interval overflows a long would not limit at all
        if (!(ratePerHost == 0 || ratePerHost >= MIN_RATE_PER_HOST && ratePerHost < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ratePerHost must be 0 (unlimited) or from " + MIN_RATE_PER_HOST
                    + " (one a day) to a finite number, not " + ratePerHost);
        }
        if (!(globalRate == 0 || globalRate >= MIN_RATE_PER_HOST && globalRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("globalRate must be 0 (unlimited) or from " + MIN_RATE_PER_HOST
                    + " (one a day) to a finite number, not " + globalRate);
        }
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
        if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
        if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes must not be negative");
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be at least 1");
        if (!FieldValues.isFieldValue(userAgent)) {
            // a CR or LF would end the field and let the rest be read as fields of its own
            throw new IllegalArgumentException("the user agent must not contain a control character (CR, LF...)");
        }
        if (maxIdleConnections < AUTO_IDLE_CAP) {
            throw new IllegalArgumentException("maxIdleConnections must not be negative");
        }
        checkTimeout("connectTimeout", connectTimeout);
        checkTimeout("readTimeout", readTimeout);
        checkTimeout("deadline", deadline);
        checkTimeout("idleTimeout", idleTimeout);
    }

    /**
     * A timeout is 0 (no limit) or a positive time the clock can count in nanoseconds: a negative one would be
     * read as "no limit", the opposite of what a deadline already spent means, and a longer one would overflow.
     */
    private static void checkTimeout(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative (0: no limit), not " + d);
        }
        try {
            d.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException(name + " must be at most " + Duration.ofNanos(Long.MAX_VALUE)
                    + " (0: no limit), not " + d);
        }
    }

    /** {@return requests in flight at once, over all hosts} */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** {@return requests in flight and connections open at once per origin} */
    public int maxPerHost() {
        return maxPerHost;
    }

    /** {@return request attempts per second per origin; 0 means unlimited} */
    public double ratePerHost() {
        return ratePerHost;
    }

    /** {@return request attempts per second over all origins; 0 means unlimited} */
    public double globalRate() {
        return globalRate;
    }

    /** {@return the limit for the TCP and TLS handshakes of one connection; zero means none} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@return the longest time without a byte from the server while a response is awaited or read; zero means none} */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** {@return the limit for a whole request, redirects, retries and their waits included; zero means none} */
    public Duration deadline() {
        return deadline;
    }

    /** {@return how failed attempts are retried} */
    public RetryPolicy retry() {
        return retry;
    }

    /** {@return whether redirects are followed} */
    public boolean followRedirects() {
        return followRedirects;
    }

    /** {@return the most redirects followed per request} */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** {@return the most decoded body bytes accepted per response} */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@return the {@code User-Agent} header sent when a request has none} */
    public String userAgent() {
        return userAgent;
    }

    /** {@return the number of I/O threads} */
    public int ioThreads() {
        return ioThreads;
    }

    /** {@return how long an unused pooled connection is kept open} */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** {@return idle keep-alive connections kept over all origins, or {@link #AUTO_IDLE_CAP}} */
    public int maxIdleConnections() {
        return maxIdleConnections;
    }

    /** {@return whether TLS certificate and host name verification are skipped} */
    public boolean insecure() {
        return insecure;
    }

    /** {@return the PEM file of CA certificates trusted instead of the system's, or null} */
    public Path trustedCertificates() {
        return trustedCertificates;
    }

    /** {@return the PEM file of the client certificate (its chain may follow), or null: none} */
    public Path clientCertificate() {
        return clientCertificate;
    }

    /** {@return the PEM file of the client certificate's private key, or null: none} */
    public Path clientKey() {
        return clientKey;
    }

    /** {@return the pinned SHA-256 hashes of the server's public key, base64; empty: no pinning} */
    public java.util.List<String> pinnedPublicKeys() {
        return pinnedPublicKeys;
    }

    /** {@return the Unix domain socket every connection goes to, or null: TCP to the URL's host} */
    public Path unixSocket() {
        return unixSocket;
    }

    /** {@return the TLS engine; never null} */
    public TlsProvider tlsProvider() {
        return tlsProvider;
    }

    /** {@return which HTTP versions are spoken} */
    public HttpVersionPolicy httpVersion() {
        return httpVersion;
    }

    /** {@return the proxy for http URLs, or null for direct connections} */
    public ProxyConfig httpProxy() {
        return httpProxy;
    }

    /** {@return the proxy for https URLs, or null for direct connections} */
    public ProxyConfig httpsProxy() {
        return httpsProxy;
    }

    /** {@return whether the client keeps an in-memory cookie jar} */
    public boolean cookies() {
        return cookies;
    }

    /** {@return whether each host's 429/503, Retry-After and RateLimit answers hold and slow it} */
    public boolean adaptToHosts() {
        return adaptToHosts;
    }

    /** {@return whether each host's robots.txt is fetched and obeyed} */
    public boolean robots() {
        return robots;
    }

    /** {@return how host names are resolved, and which are pinned or redirected} */
    public DnsConfig dns() {
        return dns;
    }

    /** {@return what makes each request's {@link EventListener}, or null: none} */
    public EventListener.Factory eventListenerFactory() {
        return eventListenerFactory;
    }

    /**
     * The proxy for URLs of one scheme.
     *
     * @param scheme "http" or "https"
     * @return the proxy, or null for direct connections
     */
    public ProxyConfig proxyFor(String scheme) {
        return "https".equals(scheme) ? httpsProxy : httpProxy;
    }

    /** Equal when every setting is equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ShoalConfig c)) return false;
        return maxInFlight == c.maxInFlight
                && maxPerHost == c.maxPerHost
                && Double.compare(ratePerHost, c.ratePerHost) == 0
                && Double.compare(globalRate, c.globalRate) == 0
                && Objects.equals(connectTimeout, c.connectTimeout)
                && Objects.equals(readTimeout, c.readTimeout)
                && Objects.equals(deadline, c.deadline)
                && Objects.equals(retry, c.retry)
                && followRedirects == c.followRedirects
                && maxRedirects == c.maxRedirects
                && maxBodyBytes == c.maxBodyBytes
                && Objects.equals(userAgent, c.userAgent)
                && ioThreads == c.ioThreads
                && Objects.equals(idleTimeout, c.idleTimeout)
                && maxIdleConnections == c.maxIdleConnections
                && insecure == c.insecure
                && Objects.equals(trustedCertificates, c.trustedCertificates)
                && Objects.equals(clientCertificate, c.clientCertificate)
                && Objects.equals(clientKey, c.clientKey)
                && Objects.equals(pinnedPublicKeys, c.pinnedPublicKeys)
                && Objects.equals(unixSocket, c.unixSocket)
                && Objects.equals(tlsProvider, c.tlsProvider)
                && Objects.equals(httpVersion, c.httpVersion)
                && Objects.equals(httpProxy, c.httpProxy)
                && Objects.equals(httpsProxy, c.httpsProxy)
                && cookies == c.cookies
                && adaptToHosts == c.adaptToHosts
                && robots == c.robots
                && Objects.equals(dns, c.dns)
                && Objects.equals(eventListenerFactory, c.eventListenerFactory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxInFlight, maxPerHost, ratePerHost, connectTimeout, readTimeout, deadline, retry,
                followRedirects, maxRedirects, maxBodyBytes, userAgent, ioThreads, idleTimeout, maxIdleConnections,
                insecure, trustedCertificates, tlsProvider, httpVersion, httpProxy, httpsProxy, cookies, adaptToHosts,
                robots, dns, eventListenerFactory, globalRate, clientCertificate, clientKey, pinnedPublicKeys, unixSocket);
    }

    /** Every setting; proxies show their user name but never their password. */
    @Override
    public String toString() {
        return "ShoalConfig{maxInFlight=" + maxInFlight + ", maxPerHost=" + maxPerHost
                + ", ratePerHost=" + ratePerHost + ", globalRate=" + globalRate + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", deadline=" + deadline + ", retry=" + retry
                + ", followRedirects=" + followRedirects + ", maxRedirects=" + maxRedirects
                + ", maxBodyBytes=" + maxBodyBytes + ", userAgent=" + userAgent + ", ioThreads=" + ioThreads
                + ", idleTimeout=" + idleTimeout + ", maxIdleConnections=" + maxIdleConnections
                + ", insecure=" + insecure + ", trustedCertificates=" + trustedCertificates
                + ", clientCertificate=" + clientCertificate + ", clientKey=" + clientKey
                + ", pinnedPublicKeys=" + pinnedPublicKeys + ", unixSocket=" + unixSocket
                + ", tlsProvider=" + tlsProvider + ", httpVersion=" + httpVersion
                + ", httpProxy=" + httpProxy + ", httpsProxy=" + httpsProxy + ", cookies=" + cookies
                + ", adaptToHosts=" + adaptToHosts + ", robots=" + robots
                + ", dns=" + dns + ", eventListener=" + (eventListenerFactory != null) + "}";
    }
}
