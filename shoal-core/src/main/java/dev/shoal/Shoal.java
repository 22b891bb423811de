package dev.shoal;

import dev.shoal.internal.Engine;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.internal.cookie.CookieFiles;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An asynchronous HTTP client for many requests at once: bounded, with timeouts, retries and every
 * failure captured per request. One instance holds the connection pools and I/O threads; share it and
 * close it when done.
 *
 * <pre>{@code
 * try (Shoal shoal = Shoal.builder().maxInFlight(256).maxPerHost(64).build()) {
 *     CompletableFuture<Response> one = shoal.send(Request.get(url));
 *     List<Outcome> all = shoal.gather(requests);
 *     shoal.stream(requestIterator, outcome -> write(outcome));
 * }
 * }</pre>
 */
public final class Shoal implements AutoCloseable {
    private final Engine engine;

    private Shoal(ShoalConfig config) {
        ContentEncodings.acceptEncoding();  // loads brotli's and zstd's native code now, not on an I/O thread at the first request
        this.engine = new Engine(config);
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a client with the default settings} */
    public static Shoal create() {
        return builder().build();
    }

    /** {@return this client's settings} */
    public ShoalConfig config() {
        return engine.config();
    }

    /**
     * Sends one request. The future completes with the response (whatever its status) or exceptionally
     * with a {@link ShoalException}; it completes on an I/O thread, so callbacks attached to it must not
     * block. Cancelling the future cancels the request.
     *
     * @param request the request
     * @return its response, when it has arrived whole
     * @throws NullPointerException when {@code request} is null
     */
    public CompletableFuture<Response> send(Request request) {
        return engine.send(request);
    }

    /**
     * Sends one request, as {@link #send}, for its {@link Outcome}: the future completes with a success or a
     * typed failure, never exceptionally, on an I/O thread (callbacks must not block). Cancelling it cancels the
     * request. For adapters that hand every request's outcome on, as a Flink function does.
     *
     * @param request the request
     * @return its outcome, when it is known
     */
    public CompletableFuture<Outcome> sendForOutcome(Request request) {
        CompletableFuture<Response> response;
        try {
            response = engine.send(request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Outcomes.of(request, null, e));
        }
        CompletableFuture<Outcome> outcome = response.handle((r, error) -> Outcomes.of(request, r, error));
        outcome.whenComplete((o, error) -> {
            if (outcome.isCancelled()) {
                response.cancel(false);
            }
        });
        return outcome;
    }

    /**
     * Sends all requests (at most {@code maxInFlight} at once, the next in list order as one ends) and waits for
     * every one.
     *
     * @param requests the requests
     * @return their outcomes, in input order
     */
    public List<Outcome> gather(List<Request> requests) {
        return gatherAsync(requests).join();
    }

    /**
     * As {@link #gather}, without waiting. The list is read at once (what reading it throws is thrown here, before
     * anything is sent); a null in it has a failed outcome, as {@link #send} refuses it.
     *
     * @param requests the requests
     * @return their outcomes in input order, when all are known; the future never completes exceptionally
     */
    public CompletableFuture<List<Outcome>> gatherAsync(List<Request> requests) {
        return engine.gather(requests);
    }

    /**
     * Sends every request the iterator yields, at most {@code maxInFlight} at once, and hands each outcome
     * to {@code consumer} in completion order, on the calling thread. The iterator is pulled only as
     * outcomes are consumed, so memory stays flat for any number of requests; the call returns when the
     * iterator is exhausted and every outcome was consumed. A {@link RequestFeed} is pulled only while it
     * has a request ready, so outcomes keep coming while its input is idle. What the iterator or the consumer
     * throws ends the call: this stream's requests in flight are cancelled (an iterator's failure first hands
     * over the outcomes completed before, as an interrupt does), and the exception is thrown on.
     *
     * @param requests the requests, pulled as permits free
     * @param consumer takes each outcome
     * @return the number of outcomes consumed
     * @throws InterruptedException when the calling thread is interrupted: this stream's requests in flight
     *                              are cancelled and get no outcome (the client's other requests go on);
     *                              every outcome completed before was consumed
     */
    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer) throws InterruptedException {
        return engine.stream(requests, consumer, null);
    }

    /**
     * As {@link #stream(Iterator, Consumer)}, and runs {@code tick} on the calling thread about every
     * 200 ms, also while no outcome arrives: to redraw progress or flush output during a stall.
     *
     * @param requests the requests, pulled as permits free
     * @param consumer takes each outcome
     * @param tick     run about every 200 ms
     * @return the number of outcomes consumed
     * @throws InterruptedException as {@link #stream(Iterator, Consumer)}
     */
    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer, Runnable tick) throws InterruptedException {
        return engine.stream(requests, consumer, tick);
    }

    /** {@return the requests currently admitted and not yet finished} */
    public int inFlight() {
        return engine.inFlight();
    }

    /** {@return connections the pools hold now: open, being opened or closing, in use or idle} */
    public int openConnections() {
        return engine.openConnections();
    }

    /** {@return pooled connections open with no request on them} */
    public int idleConnections() {
        return engine.idleConnections();
    }

    /**
     * Adds the cookies of a curl cookie file (Netscape format, as {@code curl -b FILE} reads it) to this client's
     * jar; expired ones are skipped, and lines that are not cookies are skipped and counted.
     *
     * @param file the cookie file
     * @return the lines skipped as not cookies
     * @throws IOException when the file cannot be read
     * @throws IllegalStateException when the client keeps no cookies
     */
    public int loadCookies(Path file) throws IOException {
        return CookieFiles.load(engine.cookieJar(), file, System.currentTimeMillis()).skipped();
    }

    /**
     * Writes this client's unexpired cookies to a curl cookie file (as {@code curl -c FILE} does), session cookies
     * included (expiry 0); the file is replaced at once (a temporary file renamed over it), readable by its owner only.
     *
     * @param file the cookie file
     * @return the cookies written
     * @throws IOException when the file cannot be written
     * @throws IllegalStateException when the client keeps no cookies
     */
    public int saveCookies(Path file) throws IOException {
        return CookieFiles.save(engine.cookieJar(), file, System.currentTimeMillis());
    }

    /** Cancels what is in flight, closes every connection and stops the I/O threads. */
    @Override
    public void close() {
        engine.close();
    }

    /** Settings for a {@link Shoal}; every one has a sensible default. */
    public static final class Builder {
        // read by ShoalConfig, which copies them
        int maxInFlight = 256;
        int maxPerHost = 64;
        double ratePerHost;
        double globalRate;
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout = Duration.ofSeconds(30);
        Duration deadline = Duration.ofMinutes(5);
        RetryPolicy retry = RetryPolicy.none();
        boolean followRedirects = true;
        int maxRedirects = 10;
        long maxBodyBytes = Long.MAX_VALUE;
        String userAgent = "shoal/0.1";
        // one per core: measured faster than one beside the caller's thread (bench/README.md, "Figures behind code choices")
        int ioThreads = Runtime.getRuntime().availableProcessors();
        Duration idleTimeout = Duration.ofSeconds(4);
        int maxIdleConnections = ShoalConfig.AUTO_IDLE_CAP;
        boolean insecure;
        Path trustedCertificates;
        Path clientCertificate;
        Path clientKey;
        String pinnedPublicKey;
        Path unixSocket;
        TlsProvider tlsProvider = TlsProvider.AUTO;
        HttpVersionPolicy httpVersion = HttpVersionPolicy.HTTP_2;
        ProxyConfig httpProxy;
        ProxyConfig httpsProxy;
        boolean cookies = true;
        boolean adaptToHosts = true;
        boolean robots;
        List<InetSocketAddress> dnsServers = List.of();
        int maxDnsQueries = DnsConfig.defaults().maxQueriesInFlight();
        Duration dnsQueryTimeout = DnsConfig.defaults().queryTimeout();
        int dnsAttempts = DnsConfig.defaults().attempts();
        final List<DnsConfig.Resolve> resolves = new ArrayList<>();
        final List<DnsConfig.ConnectTo> connectTos = new ArrayList<>();
        EventListener.Factory eventListenerFactory;

        private Builder() {
        }

        /**
         * Requests in flight at once, over all hosts (default 256).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }

        /**
         * Requests in flight and connections open at once per origin (default 64).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxPerHost(int n) { this.maxPerHost = n; return this; }

        /**
         * Request attempts per second per origin, smoothed by a token bucket (default 0: unlimited).
         *
         * @param perSecond 0, or from {@link ShoalConfig#MIN_RATE_PER_HOST} to a finite rate
         * @return this builder
         */
        public Builder ratePerHost(double perSecond) { this.ratePerHost = perSecond; return this; }

        /**
         * The limit for the TCP and TLS handshakes of one connection (default 10 s; zero: none).
         *
         * @param d the limit
         * @return this builder
         */
        public Builder connectTimeout(Duration d) { this.connectTimeout = Objects.requireNonNull(d); return this; }

        /**
         * The longest time without a byte from the server while a response is awaited or read (default 30 s;
         * zero: none).
         *
         * @param d the limit
         * @return this builder
         */
        public Builder readTimeout(Duration d) { this.readTimeout = Objects.requireNonNull(d); return this; }

        /**
         * The whole request's time limit, redirects and retries included (default 5 minutes; zero: none).
         *
         * @param d the limit
         * @return this builder
         */
        public Builder deadline(Duration d) { this.deadline = Objects.requireNonNull(d); return this; }

        /**
         * How failed attempts are retried (default {@link RetryPolicy#none()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) { this.retry = Objects.requireNonNull(policy); return this; }

        /**
         * Whether redirects are followed (default true); when not, the 3xx response is the response.
         *
         * @param follow true to follow them
         * @return this builder
         */
        public Builder followRedirects(boolean follow) { this.followRedirects = follow; return this; }

        /**
         * The most redirects followed per request (default 10); one more fails with {@code too_many_redirects}.
         *
         * @param n not negative
         * @return this builder
         */
        public Builder maxRedirects(int n) { this.maxRedirects = n; return this; }

        /**
         * The most decoded body bytes accepted per response (default unlimited); more fails with
         * {@code body_too_large}.
         *
         * @param n not negative
         * @return this builder
         */
        public Builder maxBodyBytes(long n) { this.maxBodyBytes = n; return this; }

        /**
         * The {@code User-Agent} header sent when a request has none (default {@code shoal/0.1}).
         *
         * @param ua the header's value
         * @return this builder
         */
        public Builder userAgent(String ua) { this.userAgent = Objects.requireNonNull(ua); return this; }

        /**
         * I/O threads (default: one per core).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder ioThreads(int n) { this.ioThreads = n; return this; }

        /**
         * How long an unused pooled connection is kept (default 4 s, below common server keep-alives).
         *
         * @param d the time
         * @return this builder
         */
        public Builder idleTimeout(Duration d) { this.idleTimeout = Objects.requireNonNull(d); return this; }

        /**
         * Keep-alive connections kept open with no request on them, over all origins; beyond it the least
         * recently used is closed (0: close each connection after its request). Open sockets stay within
         * {@code maxInFlight} plus this. Default: what the process's file limit
         * leaves beside {@code maxInFlight} and a reserve, at most 16,384 (or {@code maxInFlight} if larger), so
         * that a crawl keeps its hosts' connections until they come back, and never runs out of file descriptors;
         * the {@link #idleTimeout idle timeout} closes them when they do not. A value the file limit cannot hold
         * fails {@link #build()}.
         *
         * @param n not negative, or {@link ShoalConfig#AUTO_IDLE_CAP}
         * @return this builder
         */
        public Builder maxIdleConnections(int n) { this.maxIdleConnections = n; return this; }

        /**
         * Skips TLS certificate and host name verification. Only for testing.
         *
         * @param insecure true to skip them (default false)
         * @return this builder
         */
        public Builder insecure(boolean insecure) { this.insecure = insecure; return this; }

        /**
         * Trusts the CA certificates in this PEM file instead of the system's.
         *
         * @param pem the file, or null for the system's
         * @return this builder
         */
        public Builder trustedCertificates(Path pem) { this.trustedCertificates = pem; return this; }

        /**
         * At most this many request attempts per second over all hosts, beside {@link #ratePerHost} (default 0:
         * unlimited). A request waits for a time free under both, within its deadline: none is refused.
         *
         * @param perSecond 0, or from {@link ShoalConfig#MIN_RATE_PER_HOST} (one a day) up
         * @return this builder
         */
        public Builder globalRate(double perSecond) { this.globalRate = perSecond; return this; }

        /**
         * A client certificate, presented to servers that ask for one (curl's {@code --cert} and {@code --key}):
         * PEM files, the key as PKCS#8 or OpenSSL's traditional RSA or EC form, not encrypted.
         *
         * @param certificatePem the certificate, its chain possibly after it; null with {@code keyPem} for none
         * @param keyPem         its private key; null with {@code certificatePem} for none
         * @return this builder
         */
        public Builder clientCertificate(Path certificatePem, Path keyPem) {
            this.clientCertificate = certificatePem;
            this.clientKey = keyPem;
            return this;
        }

        /**
         * Pins the server's public key as curl's {@code --pinnedpubkey}: {@code sha256//BASE64}, several joined by
         * {@code ;}, or the path of a PEM or DER public key file. A server certificate with another key fails the
         * handshake (error kind {@code tls}) before the request is sent.
         *
         * @param pins the pins, or null for none (the default)
         * @return this builder
         */
        public Builder pinnedPublicKey(String pins) { this.pinnedPublicKey = pins; return this; }

        /**
         * Sends every request over this Unix domain socket (curl's {@code --unix-socket}); the URL still gives
         * the Host header and the path. Needs the epoll transport (Linux); null (the default): TCP.
         *
         * @param path the socket's path, or null
         * @return this builder
         * @throws IllegalArgumentException when the path is empty
         */
        public Builder unixSocket(Path path) {
            if (path != null && path.toString().isBlank()) {
                throw new IllegalArgumentException("the Unix socket's path is empty");
            }
            this.unixSocket = path;
            return this;
        }

        /**
         * The TLS engine: OpenSSL where its native library loads, else the JDK's (default {@link TlsProvider#AUTO}).
         *
         * @param provider the engine
         * @return this builder
         */
        public Builder tlsProvider(TlsProvider provider) { this.tlsProvider = Objects.requireNonNull(provider); return this; }

        /**
         * Which HTTP versions are spoken (default {@link HttpVersionPolicy#HTTP_2}: HTTP/2 where a TLS server
         * offers it).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder httpVersion(HttpVersionPolicy policy) { this.httpVersion = Objects.requireNonNull(policy); return this; }

        /**
         * One proxy for every request.
         *
         * @param proxy the proxy, or null for direct connections
         * @return this builder
         */
        public Builder proxy(ProxyConfig proxy) { return proxies(proxy, proxy); }

        /**
         * A proxy for http URLs and one for https URLs (either null: direct), as the environment names them:
         * {@code proxies(ProxyConfig.fromEnvironment(env, "http"), ProxyConfig.fromEnvironment(env, "https"))}.
         *
         * @param forHttp  the proxy for http URLs, or null
         * @param forHttps the proxy for https URLs, or null
         * @return this builder
         */
        public Builder proxies(ProxyConfig forHttp, ProxyConfig forHttps) {
            this.httpProxy = forHttp;
            this.httpsProxy = forHttps;
            return this;
        }

        /**
         * Keeps an in-memory cookie jar (RFC 6265) for this client (default on).
         *
         * @param enabled true to keep cookies
         * @return this builder
         */
        public Builder cookies(boolean enabled) { this.cookies = enabled; return this; }

        /**
         * Adapts to what each host asks (default on): a 429 or 503 with {@code Retry-After}, or a {@code RateLimit}
         * header with nothing left, holds every request to that host until then (at most the retry policy's
         * {@link RetryPolicy#maxRetryAfter()}); 429s and 503s without one halve the host's concurrency, then its
         * rate, and other answers win them back step by step, never beyond {@link #maxPerHost} and {@link #ratePerHost}.
         *
         * @param enabled false to keep the configured limits whatever the hosts answer
         * @return this builder
         */
        public Builder adaptToHosts(boolean enabled) { this.adaptToHosts = enabled; return this; }

        /**
         * Obeys each origin's robots.txt (default off): fetched once per origin through this client (RFC 9309), a
         * request it disallows for this client's user agent fails as {@link ErrorKind#ROBOTS} without being sent,
         * and its {@code Crawl-delay} sets the origin's pace (one request at a time, each sent at least that long
         * after the one before, at most 60 s).
         *
         * @param enabled true to fetch and obey robots.txt
         * @return this builder
         */
        public Builder robots(boolean enabled) { this.robots = enabled; return this; }

        /**
         * The DNS servers to ask, in turn (default: those of /etc/resolv.conf, with its search domains).
         *
         * @param servers the servers; empty for the default
         * @return this builder
         */
        public Builder dnsServers(List<InetSocketAddress> servers) { this.dnsServers = List.copyOf(servers); return this; }

        /**
         * DNS queries at most in flight over the client (default 256); the first query's timeout (default 1 s),
         * doubled for each further attempt; the attempts (default 3).
         *
         * @param maxInFlight  DNS queries at most in flight
         * @param firstTimeout the first query's timeout
         * @param attempts     queries per name and server
         * @return this builder
         */
        public Builder dnsQueries(int maxInFlight, Duration firstTimeout, int attempts) {
            this.maxDnsQueries = maxInFlight;
            this.dnsQueryTimeout = Objects.requireNonNull(firstTimeout);
            this.dnsAttempts = attempts;
            return this;
        }

        /**
         * As curl's {@code --resolve host:port:addresses}: connections to {@code host} ({@code "*"}: any) on
         * {@code port} go to these IP addresses, tried in turn, without DNS. May be called again for other hosts.
         *
         * @param host      the host name, or {@code "*"} for any
         * @param port      the port
         * @param addresses IP literals
         * @return this builder
         * @throws IllegalArgumentException when an address is not an IP literal (IPv6 with or without brackets)
         */
        public Builder resolve(String host, int port, String... addresses) {
            resolves.add(DnsConfig.Resolve.of(host, port, addresses));
            return this;
        }

        /**
         * As curl's {@code --connect-to host1:port1:host2:port2}: a connection for {@code host1:port1} goes to
         * {@code host2:port2}; null or empty hosts and zero ports match any (from) or keep the original (to).
         * The first matching rule applies. TLS and the Host header still use the URL's host.
         *
         * @param host1 the host to match, or null or empty for any
         * @param port1 the port to match, or 0 for any
         * @param host2 the host to connect to, or null or empty to keep the URL's
         * @param port2 the port to connect to, or 0 to keep the URL's
         * @return this builder
         */
        public Builder connectTo(String host1, int port1, String host2, int port2) {
            connectTos.add(new DnsConfig.ConnectTo(host1, port1, host2, port2));
            return this;
        }

        /**
         * Hears every request's events (see {@link EventListener}); null (the default): none.
         *
         * @param listener the listener, shared by all requests, or null
         * @return this builder
         */
        public Builder eventListener(EventListener listener) {
            this.eventListenerFactory = listener == null ? null : EventListener.factory(listener);
            return this;
        }

        /**
         * Makes a listener per request, for listeners that keep per-request state; null (the default): none.
         *
         * @param factory the factory, or null
         * @return this builder
         */
        public Builder eventListenerFactory(EventListener.Factory factory) {
            this.eventListenerFactory = factory;
            return this;
        }

        /**
         * The settings as they stand, checked.
         *
         * @return the settings a client built now would have
         * @throws IllegalArgumentException when a setting is out of range
         */
        public ShoalConfig config() {
            return ShoalConfig.of(this);
        }

        DnsConfig dnsConfig() {
            return new DnsConfig(dnsServers, maxDnsQueries, dnsQueryTimeout, dnsAttempts, resolves, connectTos);
        }

        /**
         * A client with these settings; close it when done.
         *
         * @return the client
         * @throws IllegalArgumentException when a setting is out of range or cannot be honoured (a file limit
         *                                  too low for the bounds, a CA file that is not PEM)
         */
        public Shoal build() {
            return new Shoal(config());
        }
    }
}
