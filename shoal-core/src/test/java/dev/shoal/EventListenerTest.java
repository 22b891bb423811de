package dev.shoal;

import dev.shoal.testkit.DnsServer;
import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a listener hears of each request, in order; and that a listener that throws changes nothing. */
@Timeout(60)
class EventListenerTest {
    private final FaultServer server = FaultServer.start();
    private final Map<String, Recorder> byUrl = new ConcurrentHashMap<>();
    private final List<Recorder> all = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        server.close();
    }

    /** One per request, made by the factory: what it heard, as short strings. */
    static final class Recorder implements EventListener {
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override public void callStart(Request r) { events.add("callStart"); }
        @Override public void hostPermitWaitStart(Request r, String origin) { events.add("hostPermitWaitStart"); }
        @Override public void hostPermitWaitEnd(Request r, String origin) { events.add("hostPermitWaitEnd"); }
        @Override public void globalPermitWaitStart(Request r) { events.add("globalPermitWaitStart"); }
        @Override public void globalPermitWaitEnd(Request r) { events.add("globalPermitWaitEnd"); }
        @Override public void rateTokenWaitStart(Request r, String origin, Duration delay) {
            events.add("rateTokenWaitStart " + (delay.toMillis() > 0));
        }
        @Override public void rateTokenWaitEnd(Request r, String origin) { events.add("rateTokenWaitEnd"); }
        @Override public void dnsStart(Request r, String host) { events.add("dnsStart " + host); }
        @Override public void dnsEnd(Request r, String host, List<InetAddress> addresses, Throwable failure) {
            events.add("dnsEnd " + addresses.stream().map(InetAddress::getHostAddress).toList() + " " + (failure != null));
        }
        @Override public void connectStart(Request r, String host, int port) { events.add("connectStart"); }
        @Override public void connectEnd(Request r, InetSocketAddress remote, Throwable failure) {
            events.add("connectEnd " + (remote == null ? null : remote.getAddress().getHostAddress()) + " " + (failure != null));
        }
        @Override public void tlsStart(Request r, String host) { events.add("tlsStart"); }
        @Override public void tlsEnd(Request r, String host, Throwable failure) { events.add("tlsEnd " + (failure != null)); }
        @Override public void connectionAcquired(Request r, String origin, boolean reused, String protocol, InetSocketAddress remote) {
            events.add("connectionAcquired reused=" + reused + " " + protocol);
        }
        @Override public void requestSent(Request r, String method, String url) { events.add("requestSent " + method); }
        @Override public void responseHeaders(Request r, int status, Headers headers) { events.add("responseHeaders " + status); }
        @Override public void responseEnd(Request r, long bytes) { events.add("responseEnd " + bytes); }
        @Override public void retryScheduled(Request r, String reason, Duration delay) { events.add("retryScheduled " + reason); }
        @Override public void redirect(Request r, int status, String location) {
            events.add("redirect " + status + " " + location.substring(location.lastIndexOf('/', location.length() - 3)));
        }
        @Override public void callEnd(Request r, Response response) { events.add("callEnd " + response.status()); }
        @Override public void callFailed(Request r, ShoalException failure) { events.add("callFailed " + failure.kind().wireName()); }
    }

    private Shoal.Builder client() {
        return Shoal.builder().readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(30))
                .eventListenerFactory(request -> {
                    Recorder r = new Recorder();
                    byUrl.put(request.url(), r);
                    all.add(r);
                    return r;
                });
    }

    private List<String> heard(String url) {
        return byUrl.get(url).events;
    }

    @Test
    void aRequestOnANewConnectionThenOneOnThePooledConnection() {
        try (Shoal shoal = client().build()) {
            String first = server.url("/bytes/10?a");
            String second = server.url("/bytes/10?b");
            shoal.send(Request.get(first)).join();
            shoal.send(Request.get(second)).join();
            assertEquals(List.of("callStart", "connectStart", "connectEnd 127.0.0.1 false",
                    "connectionAcquired reused=false http/1.1", "requestSent GET", "responseHeaders 200", "responseEnd 10",
                    "callEnd 200"), heard(first));
            assertEquals(List.of("callStart", "connectionAcquired reused=true http/1.1", "requestSent GET",
                    "responseHeaders 200", "responseEnd 10", "callEnd 200"), heard(second));
        }
    }

    @Test
    void waitsForTheHostsPermitThenTheGlobalOneAndForTheRateToken() {
        try (Shoal shoal = client().maxPerHost(1).build()) {
            String first = server.url("/delay/200?a");
            String second = server.url("/delay/0?b");
            CompletableFuture<Response> one = shoal.send(Request.get(first));
            shoal.send(Request.get(second)).join();
            one.join();
            assertEquals(List.of("callStart", "hostPermitWaitStart", "hostPermitWaitEnd", "globalPermitWaitStart",
                    "globalPermitWaitEnd", "connectionAcquired reused=true http/1.1"), heard(second).subList(0, 6));
        }
        try (Shoal shoal = client().maxInFlight(1).build()) {
            String first = server.url("/delay/200?c");
            String second = server.url("/delay/0?d");
            CompletableFuture<Response> one = shoal.send(Request.get(first));
            shoal.send(Request.get(second)).join();
            one.join();
            assertEquals(List.of("callStart", "globalPermitWaitStart", "globalPermitWaitEnd"), heard(second).subList(0, 3));
        }
        try (Shoal shoal = client().ratePerHost(5).build()) {
            String first = server.url("/bytes/1?e");
            String second = server.url("/bytes/1?f");
            shoal.send(Request.get(first)).join();
            shoal.send(Request.get(second)).join();
            assertEquals(List.of("callStart", "rateTokenWaitStart true", "rateTokenWaitEnd",
                    "connectionAcquired reused=true http/1.1"), heard(second).subList(0, 4));
        }
    }

    @Test
    void aRetryAndARedirectAreHeardBetweenTheirHops() {
        try (Shoal shoal = client().retry(RetryPolicy.backoff(2)).build()) {
            String retried = server.url("/retry-after?key=ev1&times=1&after=0");
            shoal.send(Request.get(retried)).join();
            List<String> r = heard(retried);
            assertTrue(r.contains("retryScheduled status 503"), r::toString);
            assertEquals(2, r.stream().filter(e -> e.startsWith("requestSent")).count(), r::toString);
            assertEquals("callEnd 200", r.get(r.size() - 1));

            String redirected = server.url("/redirect/1");
            shoal.send(Request.get(redirected)).join();
            List<String> d = heard(redirected);
            assertTrue(d.contains("redirect 302 /redirect/0"), d::toString);
            assertEquals(List.of("responseHeaders 302", "responseHeaders 200"),
                    d.stream().filter(e -> e.startsWith("responseHeaders")).toList());
        }
    }

    @Test
    void aLookupIsHeardWithTheAddressesFound() {
        try (DnsServer dns = DnsServer.start(); Shoal shoal = client().dnsServers(List.of(dns.address())).build()) {
            dns.add("events.test", Duration.ofSeconds(300), "127.0.0.1");
            String url = "http://events.test:" + server.port() + "/bytes/1";
            shoal.send(Request.get(url)).join();
            assertEquals(List.of("callStart", "dnsStart events.test", "dnsEnd [127.0.0.1] false", "connectStart",
                    "connectEnd 127.0.0.1 false"), heard(url).subList(0, 5));
        }
    }

    @Test
    void aRefusedConnectEndsWithItsFailureAndTheCallFails() {
        try (Shoal shoal = client().build()) {
            String url = "http://127.0.0.1:" + FaultServer.closedPort() + "/";
            shoal.gather(List.of(Request.get(url)));
            assertEquals(List.of("callStart", "connectStart", "connectEnd null true", "callFailed connect_refused"), heard(url));
        }
    }

    @Test
    void aCallTheCallerCancelsIsHeardAsFailedOnce() throws Exception {
        try (Shoal shoal = client().build()) {
            String url = server.url("/never");
            CompletableFuture<Response> f = shoal.send(Request.get(url));
            assertTrue(server.takeRequest(10, TimeUnit.SECONDS) != null, "the request reached the server");
            f.cancel(true);
            assertThrows(CancellationException.class, f::join);
            List<String> r = heard(url);
            assertEquals("callFailed cancelled", r.get(r.size() - 1), r::toString);
            assertEquals(1, r.stream().filter(e -> e.startsWith("call") && !e.equals("callStart")).count(), r::toString);
        }
    }

    /** Throws from every callback. */
    static final class Throwing implements EventListener {
        private static RuntimeException boom() {
            return new IllegalStateException("listener failed");
        }

        @Override public void callStart(Request r) { throw boom(); }
        @Override public void hostPermitWaitStart(Request r, String origin) { throw boom(); }
        @Override public void hostPermitWaitEnd(Request r, String origin) { throw boom(); }
        @Override public void globalPermitWaitStart(Request r) { throw boom(); }
        @Override public void globalPermitWaitEnd(Request r) { throw boom(); }
        @Override public void rateTokenWaitStart(Request r, String origin, Duration delay) { throw boom(); }
        @Override public void rateTokenWaitEnd(Request r, String origin) { throw boom(); }
        @Override public void dnsStart(Request r, String host) { throw boom(); }
        @Override public void dnsEnd(Request r, String host, List<InetAddress> addresses, Throwable failure) { throw boom(); }
        @Override public void connectStart(Request r, String host, int port) { throw boom(); }
        @Override public void connectEnd(Request r, InetSocketAddress remote, Throwable failure) { throw boom(); }
        @Override public void tlsStart(Request r, String host) { throw boom(); }
        @Override public void tlsEnd(Request r, String host, Throwable failure) { throw boom(); }
        @Override public void connectionAcquired(Request r, String o, boolean reused, String p, InetSocketAddress a) { throw boom(); }
        @Override public void requestSent(Request r, String method, String url) { throw boom(); }
        @Override public void responseHeaders(Request r, int status, Headers headers) { throw boom(); }
        @Override public void responseEnd(Request r, long bytes) { throw boom(); }
        @Override public void retryScheduled(Request r, String reason, Duration delay) { throw boom(); }
        @Override public void redirect(Request r, int status, String location) { throw boom(); }
        @Override public void callEnd(Request r, Response response) { throw boom(); }
        @Override public void callFailed(Request r, ShoalException failure) { throw new OutOfMemoryError("not really"); }
    }

    @Test
    void aListenerThatThrowsFromEveryCallbackChangesNothing() {
        try (DnsServer dns = DnsServer.start();
             Shoal shoal = Shoal.builder().eventListener(new Throwing()).maxPerHost(1).ratePerHost(50)
                     .retry(RetryPolicy.backoff(2)).dnsServers(List.of(dns.address())).deadline(Duration.ofSeconds(30)).build()) {
            dns.add("throwing.test", Duration.ofSeconds(300), "127.0.0.1");
            List<Outcome> outcomes = shoal.gather(List.of(
                    Request.get("http://throwing.test:" + server.port() + "/bytes/5"),
                    Request.get(server.url("/redirect/2")),
                    Request.get(server.url("/retry-after?key=ev2&times=1&after=0")),
                    Request.get("http://127.0.0.1:" + FaultServer.closedPort() + "/")));
            for (int i = 0; i < 3; i++) {
                Outcome.Success s = assertInstanceOf(Outcome.Success.class, outcomes.get(i), outcomes.get(i)::toString);
                assertEquals(200, s.response().status());
            }
            assertEquals(ErrorKind.CONNECT_REFUSED, assertInstanceOf(Outcome.Failure.class, outcomes.get(3)).kind());
        }
        try (Shoal shoal = Shoal.builder().eventListenerFactory(r -> { throw new IllegalStateException("factory failed"); }).build()) {
            assertEquals(200, shoal.send(Request.get(server.url("/bytes/5"))).join().status());
        }
    }
}
