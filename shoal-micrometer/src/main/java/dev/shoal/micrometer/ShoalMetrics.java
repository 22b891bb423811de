package dev.shoal.micrometer;

import dev.shoal.EventListener;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one Shoal client, fed by its {@link EventListener}: set this as the client's listener,
 * then bind it to one or more registries (before or after requests run; what happened before a registry was
 * bound is not replayed into it).
 *
 * <pre>{@code
 * ShoalMetrics metrics = ShoalMetrics.create();
 * try (Shoal shoal = Shoal.builder().eventListener(metrics).build()) {
 *     metrics.monitor(shoal).bindTo(registry);
 *     shoal.gather(requests);
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Meters (names as Micrometer's dot notation; each registry renders them its way)</caption>
 *   <tr><td>{@code shoal.requests}</td><td>timer: each request from {@code send} to its end, tags
 *       {@code method}, {@code outcome} ({@code success} or the error kind, e.g. {@code connect_refused}) and
 *       {@code status} ({@code 2xx} ... {@code 5xx}, {@code none} for a failure); percentiles 0.5, 0.9, 0.99</td></tr>
 *   <tr><td>{@code shoal.request.phase}</td><td>timer per phase of {@link Timings} ({@code queued}, {@code dns},
 *       {@code connect}, {@code tls}, {@code wait}, {@code download}), tag {@code phase}; a phase that did not
 *       happen is not recorded</td></tr>
 *   <tr><td>{@code shoal.requests.active}</td><td>gauge: requests sent and not ended (waiting ones included)</td></tr>
 *   <tr><td>{@code shoal.requests.in.flight}</td><td>gauge: requests holding their permits ({@link Shoal#inFlight()})</td></tr>
 *   <tr><td>{@code shoal.connections.open}, {@code shoal.connections.idle}</td><td>gauges of the pools
 *       ({@link Shoal#openConnections()}, {@link Shoal#idleConnections()})</td></tr>
 *   <tr><td>{@code shoal.connections.created}</td><td>counter: new connections requests got</td></tr>
 *   <tr><td>{@code shoal.retries}</td><td>counter, tag {@code reason} (error kind or {@code status 503}, ...)</td></tr>
 *   <tr><td>{@code shoal.redirects}</td><td>counter</td></tr>
 * </table>
 *
 * No tag holds a URL or host: their number grows with the input, and registries keep every series.
 */
public final class ShoalMetrics implements EventListener, MeterBinder {
    private static final String[] PHASES = {"queued", "dns", "connect", "tls", "wait", "download"};

    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private final Tags tags;
    private final AtomicInteger active = new AtomicInteger();
    private final ConcurrentHashMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();
    private final Timer[] phases = new Timer[PHASES.length];
    private final Counter created;
    private final Counter redirects;

    private ShoalMetrics(Tags tags) {
        this.tags = tags;
        Gauge.builder("shoal.requests.active", active, AtomicInteger::get)
                .description("requests sent and not ended, waiting ones included").tags(tags).register(meters);
        for (int i = 0; i < PHASES.length; i++) {
            phases[i] = Timer.builder("shoal.request.phase").description("where requests spent their time")
                    .tags(tags).tag("phase", PHASES[i]).publishPercentiles(0.5, 0.9, 0.99).register(meters);
        }
        created = Counter.builder("shoal.connections.created").description("new connections requests got")
                .tags(tags).register(meters);
        redirects = Counter.builder("shoal.redirects").description("redirects followed").tags(tags).register(meters);
    }

    /** Meters without tags of their own. */
    public static ShoalMetrics create() {
        return new ShoalMetrics(Tags.empty());
    }

    /** Meters with these tags on each (e.g. {@code Tags.of("client", "crawler")} to tell several clients apart). */
    public static ShoalMetrics create(Tags tags) {
        return new ShoalMetrics(Objects.requireNonNull(tags));
    }

    /**
     * Adds the gauges of {@code shoal}'s permits and pools; the client is held weakly, so the gauges read NaN once
     * it is gone. Call it once per client.
     */
    public ShoalMetrics monitor(Shoal shoal) {
        WeakReference<Shoal> client = new WeakReference<>(shoal);
        gauge("shoal.requests.in.flight", "requests holding their permits", client, Shoal::inFlight);
        gauge("shoal.connections.open", "connections the pools hold, in use or idle", client, Shoal::openConnections);
        gauge("shoal.connections.idle", "pooled connections with no request on them", client, Shoal::idleConnections);
        return this;
    }

    private void gauge(String name, String description, WeakReference<Shoal> client, ToDoubleFunction<Shoal> read) {
        Gauge.builder(name, client, ref -> {
            Shoal s = ref.get();
            return s == null ? Double.NaN : read.applyAsDouble(s);
        }).description(description).tags(tags)
                .strongReference(true)  // the gauge holds the weak reference; the reference holds the client weakly
                .register(meters);
    }

    /** Registers every meter with {@code registry} too. */
    @Override
    public void bindTo(MeterRegistry registry) {
        meters.add(registry);
    }

    @Override
    public void callStart(Request request) {
        active.incrementAndGet();
    }

    @Override
    public void connectionAcquired(Request request, String origin, boolean reused, String protocol, InetSocketAddress remote) {
        if (!reused) {
            created.increment();
        }
    }

    @Override
    public void retryScheduled(Request request, String reason, Duration delay) {
        retries.computeIfAbsent(reason, r -> Counter.builder("shoal.retries").description("attempts retried")
                .tags(tags).tag("reason", r).register(meters)).increment();
    }

    @Override
    public void redirect(Request request, int status, String location) {
        redirects.increment();
    }

    @Override
    public void callEnd(Request request, Response response) {
        ended(request.method(), "success", statusClass(response.status()), response.timings());
    }

    @Override
    public void callFailed(Request request, ShoalException failure) {
        ended(request.method(), failure.kind().wireName(), "none", failure.timings());
    }

    private void ended(String method, String outcome, String status, Timings t) {
        active.decrementAndGet();
        requestTimer(method, outcome, status).record(t.totalNanos(), TimeUnit.NANOSECONDS);
        long[] spent = {t.queuedNanos(), t.dnsNanos(), t.connectNanos(), t.tlsNanos(), t.waitNanos(), t.downloadNanos()};
        for (int i = 0; i < spent.length; i++) {
            if (spent[i] > 0) {
                phases[i].record(spent[i], TimeUnit.NANOSECONDS);
            }
        }
    }

    private Timer requestTimer(String method, String outcome, String status) {
        String key = method + ' ' + outcome + ' ' + status;
        Timer timer = requestTimers.get(key);
        if (timer == null) {
            timer = requestTimers.computeIfAbsent(key, k -> Timer.builder("shoal.requests")
                    .description("requests from send to their end, by outcome and status class")
                    .tags(tags).tag("method", method).tag("outcome", outcome).tag("status", status)
                    .publishPercentiles(0.5, 0.9, 0.99).register(meters));
        }
        return timer;
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }
}
