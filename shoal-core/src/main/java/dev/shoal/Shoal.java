package dev.shoal;

import dev.shoal.internal.Engine;
import dev.shoal.internal.Outcomes;

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

    public static Builder builder() {
        return new Builder();
    }

    /** A client with the default settings. */
    public static Shoal create() {
        return builder().build();
    }

    public ShoalConfig config() {
        return engine.config();
    }

    /**
     * Sends one request. The future completes with the response (whatever its status) or exceptionally
     * with a {@link ShoalException}; it completes on an I/O thread, so callbacks attached to it must not
     * block. Cancelling the future cancels the request.
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

    /** Sends all requests (at most {@code maxInFlight} at once) and waits for every one: outcomes in input order. */
    public List<Outcome> gather(List<Request> requests) {
        return gatherAsync(requests).join();
    }

    /** As {@link #gather}, without waiting. The future never completes exceptionally. */
    public CompletableFuture<List<Outcome>> gatherAsync(List<Request> requests) {
        return engine.gather(requests);
    }

    /**
     * Sends every request the iterator yields, at most {@code maxInFlight} at once, and hands each outcome
     * to {@code consumer} in completion order, on the calling thread. The iterator is pulled only as
     * outcomes are consumed, so memory stays flat for any number of requests; the call returns when the
     * iterator is exhausted and every outcome was consumed. A {@link RequestFeed} is pulled only while it
     * has a request ready, so outcomes keep coming while its input is idle.
     *
     * @return the number of outcomes consumed
     * @throws InterruptedException when the calling thread is interrupted: requests in flight are cancelled
     *                              and get no outcome; every outcome completed before was consumed
     */
    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer) throws InterruptedException {
        return engine.stream(requests, consumer, null);
    }

    /**
     * As {@link #stream(Iterator, Consumer)}, and runs {@code tick} on the calling thread about every
     * 200 ms, also while no outcome arrives: to redraw progress or flush output during a stall.
     */
    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer, Runnable tick) throws InterruptedException {
        return engine.stream(requests, consumer, tick);
    }

    /** Requests currently admitted and not yet finished. */
    public int inFlight() {
        return engine.inFlight();
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
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration readTimeout = Duration.ofSeconds(30);
        Duration deadline = Duration.ofMinutes(5);
        RetryPolicy retry = RetryPolicy.none();
        boolean followRedirects = true;
        int maxRedirects = 10;
        long maxBodyBytes = Long.MAX_VALUE;
        String userAgent = "shoal/0.1";
        // one per core: on 2 cores, two I/O threads beside the caller's were 8% faster over 100k small GETs than one
        int ioThreads = Runtime.getRuntime().availableProcessors();
        Duration idleTimeout = Duration.ofSeconds(4);
        int maxIdleConnections = ShoalConfig.AUTO_IDLE_CAP;
        boolean insecure;
        Path trustedCertificates;
        TlsProvider tlsProvider = TlsProvider.AUTO;
        HttpVersionPolicy httpVersion = HttpVersionPolicy.HTTP_2;
        ProxyConfig httpProxy;
        ProxyConfig httpsProxy;
        boolean cookies = true;
        List<InetSocketAddress> dnsServers = List.of();
        int maxDnsQueries = DnsConfig.defaults().maxQueriesInFlight();
        Duration dnsQueryTimeout = DnsConfig.defaults().queryTimeout();
        int dnsAttempts = DnsConfig.defaults().attempts();
        final List<DnsConfig.Resolve> resolves = new ArrayList<>();
        final List<DnsConfig.ConnectTo> connectTos = new ArrayList<>();

        private Builder() {
        }

        /** Requests in flight at once, over all hosts (default 256). */
        public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }

        /** Requests in flight and connections open at once per origin (default 64). */
        public Builder maxPerHost(int n) { this.maxPerHost = n; return this; }

        /** Request attempts per second per origin, smoothed by a token bucket (default 0: unlimited). */
        public Builder ratePerHost(double perSecond) { this.ratePerHost = perSecond; return this; }

        public Builder connectTimeout(Duration d) { this.connectTimeout = Objects.requireNonNull(d); return this; }

        public Builder readTimeout(Duration d) { this.readTimeout = Objects.requireNonNull(d); return this; }

        /** The whole request's time limit, redirects and retries included (default 5 minutes; zero: none). */
        public Builder deadline(Duration d) { this.deadline = Objects.requireNonNull(d); return this; }

        public Builder retry(RetryPolicy policy) { this.retry = Objects.requireNonNull(policy); return this; }

        public Builder followRedirects(boolean follow) { this.followRedirects = follow; return this; }

        public Builder maxRedirects(int n) { this.maxRedirects = n; return this; }

        /** The most decoded body bytes accepted per response (default unlimited). */
        public Builder maxBodyBytes(long n) { this.maxBodyBytes = n; return this; }

        public Builder userAgent(String ua) { this.userAgent = Objects.requireNonNull(ua); return this; }

        /** I/O threads (default: one per core). */
        public Builder ioThreads(int n) { this.ioThreads = n; return this; }

        /** How long an unused pooled connection is kept (default 4 s, below common server keep-alives). */
        public Builder idleTimeout(Duration d) { this.idleTimeout = Objects.requireNonNull(d); return this; }

        /**
         * Keep-alive connections kept open with no request on them, over all origins; beyond it the least
         * recently used is closed (0: close each connection after its request). Open sockets stay within
         * {@code maxInFlight} plus this. Default: {@code maxInFlight}, lowered to what the process's file limit
         * leaves beside {@code maxInFlight} and a reserve, so that a crawl over any number of hosts never runs
         * out of file descriptors. A value the file limit cannot hold fails {@link #build()}.
         */
        public Builder maxIdleConnections(int n) { this.maxIdleConnections = n; return this; }

        /** Skips TLS certificate and host name verification. Only for testing. */
        public Builder insecure(boolean insecure) { this.insecure = insecure; return this; }

        /** Trusts the CA certificates in this PEM file instead of the system's. */
        public Builder trustedCertificates(Path pem) { this.trustedCertificates = pem; return this; }

        /** The TLS engine: OpenSSL where its native library loads, else the JDK's (default {@link TlsProvider#AUTO}). */
        public Builder tlsProvider(TlsProvider provider) { this.tlsProvider = Objects.requireNonNull(provider); return this; }

        public Builder httpVersion(HttpVersionPolicy policy) { this.httpVersion = Objects.requireNonNull(policy); return this; }

        /** One proxy for every request (null: direct). */
        public Builder proxy(ProxyConfig proxy) { return proxies(proxy, proxy); }

        /**
         * A proxy for http URLs and one for https URLs (either null: direct), as the environment names them:
         * {@code proxies(ProxyConfig.fromEnvironment(env, "http"), ProxyConfig.fromEnvironment(env, "https"))}.
         */
        public Builder proxies(ProxyConfig forHttp, ProxyConfig forHttps) {
            this.httpProxy = forHttp;
            this.httpsProxy = forHttps;
            return this;
        }

        /** Keeps an in-memory cookie jar (RFC 6265) for this client (default on). */
        public Builder cookies(boolean enabled) { this.cookies = enabled; return this; }

        /** The DNS servers to ask, in turn (default: those of /etc/resolv.conf, with its search domains). */
        public Builder dnsServers(List<InetSocketAddress> servers) { this.dnsServers = List.copyOf(servers); return this; }

        /**
         * DNS queries at most in flight over the client (default 256); the first query's timeout (default 1 s),
         * doubled for each further attempt; the attempts (default 3).
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
         */
        public Builder connectTo(String host1, int port1, String host2, int port2) {
            connectTos.add(new DnsConfig.ConnectTo(host1, port1, host2, port2));
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

        public Shoal build() {
            return new Shoal(config());
        }
    }
}
