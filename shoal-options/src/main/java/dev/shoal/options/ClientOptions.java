package dev.shoal.options;

import dev.shoal.HttpVersionPolicy;
import dev.shoal.RetryPolicy;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.TlsProvider;
import picocli.CommandLine.Option;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The client's options, as {@code shoal fetch} and the Flink job both take them (a picocli mixin: {@code @Mixin
 * ClientOptions client}), and their one mapping onto {@link Shoal.Builder}: the same flag names, defaults and
 * checks in both. Serializable with every value it holds, so that the Flink job can ship it to its tasks.
 */
public final class ClientOptions implements Serializable {
    private static final long serialVersionUID = 1L;
    /** More I/O threads than this is a mistake: each is an event loop that takes its own memory at start. */
    static final int MAX_IO_THREADS = 1024;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "64",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N",
            description = "Requests in flight and connections open at once per host (default: the concurrency).")
    Integer perHost;

    @Option(names = "--max-idle", paramLabel = "N",
            description = "Idle keep-alive connections kept over all hosts, the least recently used closed first "
                    + "(default: what the file limit leaves room for beside the concurrency, at most 16384).")
    Integer maxIdle;

    @Option(names = "--rate", paramLabel = "R[/s|/m|/h]", converter = RateConverter.class,
            description = "At most R requests per host, per second unless a unit says otherwise (5, 5/s, 100/m).")
    double rate;

    @Option(names = "--global-rate", paramLabel = "R[/s|/m|/h]", converter = RateConverter.class,
            description = "At most R requests over all hosts together (per task in the Flink job), beside --rate; "
                    + "requests wait for their turn within -m, none is dropped.")
    double globalRate;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "Event-loop threads for the connections (default: one per core).")
    Integer ioThreads;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", converter = DurationConverter.class,
            defaultValue = "10", description = "Limit for TCP and TLS handshakes (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", converter = DurationConverter.class,
            defaultValue = "30", description = "Longest wait for a byte of the response (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = {"-m", "--max-time"}, paramLabel = "SECONDS", converter = DurationConverter.class,
            defaultValue = "300",
            description = "Deadline for each whole request, redirects and retries included (default: ${DEFAULT-VALUE}; 0: none).")
    Duration maxTime;

    @Option(names = "--retry", paramLabel = "N", defaultValue = "0",
            description = "Retry idempotent requests up to N times on DNS and connect failures (not on a name that "
                    + "does not exist), resets, 408/429/502/503/504, with backoff and Retry-After (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--retry-all-errors", description = "With --retry, retry after a failure of any kind (tls, protocol, "
            + "a name that does not exist...), not only the usual ones.")
    boolean retryAllErrors;

    @Option(names = "--retry-max-time", paramLabel = "SECONDS", converter = DurationConverter.class, defaultValue = "0",
            description = "With --retry, start no retry later than SECONDS after the request's first attempt (default: ${DEFAULT-VALUE}: no limit but -m).")
    Duration retryMaxTime;

    @Option(names = "--retry-on", paramLabel = "STATUS[,STATUS...]", split = ",",
            description = "With --retry, the statuses retried, instead of 408,429,502,503,504; 5xx stands for 500-599.")
    java.util.List<String> retryOn;

    @Option(names = "--max-redirs", paramLabel = "N", defaultValue = "10",
            description = "Follow at most N redirects (default: ${DEFAULT-VALUE}).")
    int maxRedirects;

    @Option(names = "--no-location", description = "Do not follow redirects: the 3xx response is the row.")
    boolean noFollow;

    @Option(names = {"-A", "--user-agent"}, paramLabel = "TEXT", description = "The User-Agent header (default: shoal/VERSION).")
    String userAgent;

    @Option(names = {"-k", "--insecure"}, description = "Do not verify TLS certificates or host names.")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Trust the CA certificates of this PEM file.")
    String caCert;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Present this PEM client certificate (its chain may follow it in the file) to servers that ask; needs --key.")
    String cert;

    @Option(names = "--key", paramLabel = "FILE",
            description = "The client certificate's private key, PEM: PKCS#8, or RSA or EC in OpenSSL's traditional form; not encrypted.")
    String key;

    @Option(names = "--pinnedpubkey", paramLabel = "sha256//BASE64[;sha256//...]|FILE",
            description = "Fail (error tls) before sending when the server certificate's public key is not one of these "
                    + "SHA-256 hashes, or the key of this PEM/DER file; as curl.")
    String pinnedPubKey;

    @Option(names = "--tls-provider", paramLabel = "auto|openssl|jdk", defaultValue = "auto",
            description = "TLS engine: OpenSSL (BoringSSL) where its native library loads, else the JDK's "
                    + "(default: ${DEFAULT-VALUE}; shoal --version names the one in use).")
    String tlsProvider;

    // --http1 is the Flink job's former spelling, kept as an alias
    @Option(names = {"--http1.1", "--http1"}, description = "Speak HTTP/1.1 only.")
    boolean http11;

    @Option(names = "--http2", description = "HTTP/2 where a TLS server offers it by ALPN (the default).")
    boolean http2;

    @Option(names = "--http2-prior-knowledge", description = "HTTP/2 without negotiation, also over cleartext.")
    boolean http2PriorKnowledge;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Fail a response whose decoded body exceeds SIZE (e.g. 500k, 10M): error body_too_large.")
    Long maxBody;

    @Option(names = "--no-cookies", description = "Do not keep cookies between the run's requests.")
    boolean noCookies;

    /** {@return whether the client keeps cookies (no {@code --no-cookies})} */
    public boolean cookies() {
        return !noCookies;
    }

    @Option(names = "--no-adapt",
            description = "Keep the per-host limits whatever hosts answer. By default a 429/503 with Retry-After, or a "
                    + "RateLimit header with nothing left, holds all of that host's requests until then (at most 60 s), "
                    + "and 429/503 without it halve the host's concurrency, then its rate, won back step by step.")
    boolean noAdapt;

    @Option(names = "--robots",
            description = "Fetch each origin's robots.txt once (following at least 5 redirects) and obey it for the "
                    + "User-Agent's product token: a disallowed URL is a row with error robots, not sent; Crawl-delay N "
                    + "paces that origin: one request at a time, sent at least N s apart (N at most 60).")
    boolean robots;

    /** {@return the requests in flight at once, as {@code -c} gave them} */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Sets {@code builder} as these options say; a setting left out keeps the builder's value (the Flink job's
     * one I/O thread per task, say).
     *
     * @param builder a client's builder
     * @return the builder
     * @throws IllegalArgumentException when an option is out of range, naming the flag: a usage error
     */
    public Shoal.Builder applyTo(Shoal.Builder builder) {
        check();
        HttpVersionPolicy version = http11 ? HttpVersionPolicy.HTTP_1_1
                : http2PriorKnowledge ? HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE : HttpVersionPolicy.HTTP_2;
        builder.maxInFlight(concurrency)
                .maxPerHost(perHost != null ? perHost : concurrency)
                .ratePerHost(rate)
                .globalRate(globalRate)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .deadline(maxTime)
                .retry(retryPolicy())
                .followRedirects(!noFollow)
                .maxRedirects(maxRedirects)
                .insecure(insecure)
                .trustedCertificates(caCert == null ? null : Path.of(caCert))
                .clientCertificate(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key))
                .pinnedPublicKey(pinnedPubKey)
                .tlsProvider(tlsProvider())
                .httpVersion(version)
                .cookies(!noCookies)
                .adaptToHosts(!noAdapt)
                .robots(robots);
        if (maxBody != null) builder.maxBodyBytes(maxBody);
        if (userAgent != null) builder.userAgent(userAgent);
        if (ioThreads != null) builder.ioThreads(ioThreads);
        if (maxIdle != null) builder.maxIdleConnections(maxIdle);
        return builder;
    }

    /**
     * Checks every option on its own, before a client is built.
     *
     * @throws IllegalArgumentException naming the flag that is out of range
     */
    public void check() {
        if (concurrency < 1) usage("--concurrency must be at least 1");
        if (perHost != null && perHost < 1) usage("--per-host must be at least 1");
        if (maxIdle != null && maxIdle < 0) usage("--max-idle must not be negative");
        if (!(rate == 0 || rate >= ShoalConfig.MIN_RATE_PER_HOST && rate < Double.POSITIVE_INFINITY)) {
            usage("--rate must be 0 (no limit) or a finite rate of at least one a day (" + ShoalConfig.MIN_RATE_PER_HOST + ")");
        }
        if (!(globalRate == 0 || globalRate >= ShoalConfig.MIN_RATE_PER_HOST && globalRate < Double.POSITIVE_INFINITY)) {
            usage("--global-rate must be 0 (no limit) or a finite rate of at least one a day");
        }
        if (ioThreads != null && (ioThreads < 1 || ioThreads > MAX_IO_THREADS)) {
            usage("--io-threads must be from 1 to " + MAX_IO_THREADS);
        }
        if (userAgent != null) {
            try {
                Shoal.builder().userAgent(userAgent).config();
            } catch (IllegalArgumentException e) {
                usage("-A: " + e.getMessage());
            }
        }
        if (retries < 0) usage("--retry must not be negative");
        if (maxRedirects < 0) usage("--max-redirs must not be negative");
        if ((http11 ? 1 : 0) + (http2 ? 1 : 0) + (http2PriorKnowledge ? 1 : 0) > 1) {
            usage("choose one of --http1.1, --http2, --http2-prior-knowledge");
        }
        if (caCert != null && !Files.isReadable(Path.of(caCert))) usage("--cacert " + caCert + ": cannot read the file");
        if ((cert == null) != (key == null)) usage(cert == null ? "--key needs --cert" : "--cert needs --key");
        if (cert != null && !Files.isReadable(Path.of(cert))) usage("--cert " + cert + ": cannot read the file");
        if (key != null && !Files.isReadable(Path.of(key))) usage("--key " + key + ": cannot read the file");
        if (pinnedPubKey != null) {
            try {
                Shoal.builder().pinnedPublicKey(pinnedPubKey).config();
            } catch (IllegalArgumentException e) {
                usage("--pinnedpubkey: " + e.getMessage());
            }
        }
        retryPolicy();
        tlsProvider();
    }

    /** --retry with --retry-all-errors, --retry-max-time and --retry-on. */
    private RetryPolicy retryPolicy() {
        RetryPolicy p = RetryPolicy.backoff(retries).withRetryAllErrors(retryAllErrors).withMaxRetryTime(retryMaxTime);
        return retryOn == null ? p : p.withRetryStatuses(statuses(retryOn));
    }

    /** Statuses such as 500 or 5xx (500-599). */
    static java.util.Set<Integer> statuses(java.util.List<String> values) {
        java.util.Set<Integer> statuses = new java.util.TreeSet<>();
        for (String v : values) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.matches("[1-9]xx")) {
                int base = (s.charAt(0) - '0') * 100;
                for (int i = 0; i < 100; i++) statuses.add(base + i);
            } else if (s.matches("[1-9][0-9][0-9]")) {
                statuses.add(Integer.parseInt(s));
            } else {
                usage("--retry-on takes statuses such as 500 or 5xx, not '" + v + "'");
            }
        }
        return statuses;
    }

    private TlsProvider tlsProvider() {
        return switch (tlsProvider.toLowerCase(Locale.ROOT)) {
            case "auto" -> TlsProvider.AUTO;
            case "openssl" -> TlsProvider.OPENSSL;
            case "jdk" -> TlsProvider.JDK;
            default -> throw new IllegalArgumentException("--tls-provider must be auto, openssl or jdk, not '" + tlsProvider + "'");
        };
    }

    private static void usage(String message) {
        throw new IllegalArgumentException(message);
    }
}
