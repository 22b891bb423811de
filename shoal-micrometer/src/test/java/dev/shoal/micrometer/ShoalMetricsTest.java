package dev.shoal.micrometer;

import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.RetryPolicy;
import dev.shoal.Shoal;
import dev.shoal.testkit.FaultServer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters, read from Micrometer's SimpleMeterRegistry after requests to a real local server. */
@Timeout(60)
class ShoalMetricsTest {
    private final FaultServer server = FaultServer.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        server.close();
    }

    private Timer requests(String outcome, String status) {
        return registry.get("shoal.requests").tags("outcome", outcome, "status", status).timer();
    }

    @Test
    void requestsAreCountedAndTimedByOutcomeAndStatusClassWithPhasesAndGauges() {
        ShoalMetrics metrics = ShoalMetrics.create();
        try (Shoal shoal = Shoal.builder().eventListener(metrics).retry(RetryPolicy.backoff(1)).build()) {
            metrics.monitor(shoal).bindTo(registry);
            List<Outcome> outcomes = shoal.gather(List.of(
                    Request.get(server.url("/status/200")),
                    Request.get(server.url("/status/204")),
                    Request.get(server.url("/status/404")),
                    Request.get(server.url("/status/500")),
                    Request.get(server.url("/redirect/1")),
                    Request.get(server.url("/retry-after?key=m1&times=1&after=0")),
                    Request.get("http://127.0.0.1:" + FaultServer.closedPort() + "/")));
            assertEquals(6, outcomes.stream().filter(Outcome::isSuccess).count());

            assertEquals(4, requests("success", "2xx").count(), "200, 204, the redirect's 200 and the retried 200");
            assertEquals(1, requests("success", "4xx").count());
            assertEquals(1, requests("success", "5xx").count());
            assertEquals(1, requests("connect_refused", "none").count());
            assertEquals(7, registry.get("shoal.requests").timers().stream().mapToLong(Timer::count).sum());
            assertEquals("GET", requests("success", "2xx").getId().getTag("method"));
            Timer ok = requests("success", "2xx");
            assertEquals(3, ok.takeSnapshot().percentileValues().length, "p50, p90, p99");
            assertTrue(ok.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);

            assertEquals(1, registry.get("shoal.redirects").counter().count());
            assertEquals(1, registry.get("shoal.retries").tag("reason", "status 503").counter().count());
            assertTrue(registry.get("shoal.connections.created").counter().count() >= 1);
            assertEquals(6, registry.get("shoal.request.phase").tag("phase", "wait").timer().count(),
                    "every request that got an answer waited for it");
            assertTrue(registry.get("shoal.request.phase").tag("phase", "connect").timer().count() >= 2,
                    "a new connection, and the refused connect");
            assertEquals(0, registry.get("shoal.request.phase").tag("phase", "tls").timer().count(), "no https");

            assertEquals(0, registry.get("shoal.requests.active").gauge().value(), "every request ended");
            assertEquals(0, registry.get("shoal.requests.in.flight").gauge().value());
            double open = registry.get("shoal.connections.open").gauge().value();
            double idle = registry.get("shoal.connections.idle").gauge().value();
            assertTrue(open >= 1 && idle >= 1 && idle <= open, () -> "keep-alive connections stay: " + open + " " + idle);
        }
    }

    @Test
    void theActiveGaugeCountsARequestWhileItRunsAndARegistryBoundLaterSeesTheMeters() throws Exception {
        ShoalMetrics metrics = ShoalMetrics.create(io.micrometer.core.instrument.Tags.of("client", "test"));
        try (Shoal shoal = Shoal.builder().eventListener(metrics).deadline(Duration.ofSeconds(20)).build()) {
            metrics.monitor(shoal);
            var slow = shoal.send(Request.get(server.url("/delay/500")));
            metrics.bindTo(registry);
            Thread.sleep(200);
            assertEquals(1, registry.get("shoal.requests.active").tag("client", "test").gauge().value());
            assertEquals(1, registry.get("shoal.requests.in.flight").gauge().value());
            slow.join();
            assertEquals(0, registry.get("shoal.requests.active").gauge().value());
            assertEquals(1, requests("success", "2xx").count());
        }
    }

    @Test
    void statusClasses() {
        assertEquals("1xx", ShoalMetrics.statusClass(101));
        assertEquals("2xx", ShoalMetrics.statusClass(299));
        assertEquals("5xx", ShoalMetrics.statusClass(503));
        assertEquals("other", ShoalMetrics.statusClass(600));
    }
}
