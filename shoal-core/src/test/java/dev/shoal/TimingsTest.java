package dev.shoal;

import dev.shoal.testkit.DnsServer;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each phase of a request lands in its own field of {@link Timings}: a server that delays its head and then its
 * body by different times shows them in {@code wait} and {@code download}; a new connection's connect, TLS
 * handshake and DNS lookup show, and vanish on the pooled connection the next request takes.
 */
@Timeout(60)
class TimingsTest {
    private static final long MS = 1_000_000;

    @TempDir
    static Path dir;
    static TestCertificate certificate;

    @BeforeAll
    static void makeCertificate() {
        certificate = TestCertificate.generate(dir);
    }

    private static Shoal.Builder client() {
        return Shoal.builder().maxPerHost(1).readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(30));
    }

    private static Response get(Shoal shoal, String url) {
        return shoal.send(Request.get(url)).join();
    }

    @Test
    void theHeadsDelayIsWaitAndTheBodysDelayIsDownloadOnAFreshAndAPooledConnection() throws Exception {
        try (PacedServer server = PacedServer.start(); Shoal shoal = client().build()) {
            String url = "http://127.0.0.1:" + server.port() + "/?head=400&body=200";
            Timings fresh = get(shoal, url).timings();
            Response second = get(shoal, url);
            Timings pooled = second.timings();
            assertEquals(1, server.connections(), "the second request took the pooled connection");

            for (Timings t : List.of(fresh, pooled)) {
                assertTrue(t.waitNanos() >= 380 * MS, () -> "wait holds the head's delay: " + t);
                // a head read late on a busy machine moves a little of the download into the wait, never more
                assertTrue(t.downloadNanos() >= 100 * MS && t.downloadNanos() < t.waitNanos(),
                        () -> "download holds the body's delay, not the head's: " + t);
                assertTrue(t.waitNanos() + t.downloadNanos() >= 580 * MS, () -> "both delays are there: " + t);
                assertEquals(0, t.dnsNanos(), () -> "an IP literal is not resolved: " + t);
                assertEquals(0, t.tlsNanos(), () -> "no TLS over http: " + t);
                assertTrue(t.totalNanos() >= t.queuedNanos() + t.connectNanos() + t.waitNanos() + t.downloadNanos(),
                        () -> "the total holds every phase: " + t);
            }
            assertTrue(fresh.connectNanos() > 0, () -> "a new connection was connected: " + fresh);
            assertEquals(0, pooled.connectNanos(), () -> "a pooled connection needs no connect: " + pooled);
            assertEquals(0, pooled.queuedNanos(), () -> "nothing to wait for: " + pooled);
            assertEquals("127.0.0.1", second.remoteAddress().getAddress().getHostAddress());
            assertEquals(server.port(), second.remoteAddress().getPort());
        }
    }

    @Test
    void aNewTlsConnectionHasAHandshakeAndAPooledOneHasNone() throws Exception {
        List<String> heard = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        EventListener handshakes = new EventListener() {
            @Override
            public void tlsStart(Request request, String host) {
                heard.add("tlsStart " + host);
            }

            @Override
            public void tlsEnd(Request request, String host, Throwable failure) {
                heard.add("tlsEnd " + host + " " + failure);
            }
        };
        try (PacedServer server = PacedServer.startTls(certificate);
             Shoal shoal = client().tlsProvider(TlsProvider.JDK).trustedCertificates(certificate.certificatePem())
                     .eventListener(handshakes).build()) {
            String url = "https://127.0.0.1:" + server.port() + "/";
            Timings fresh = get(shoal, url).timings();
            Timings pooled = get(shoal, url).timings();
            assertEquals(1, server.connections(), "the second request took the pooled connection");
            assertTrue(fresh.tlsNanos() > 0, () -> "a handshake on the new connection: " + fresh);
            assertTrue(fresh.connectNanos() > 0, () -> "a connect on the new connection: " + fresh);
            assertEquals(0, pooled.tlsNanos(), () -> "no handshake on a pooled connection: " + pooled);
            assertEquals(0, pooled.connectNanos(), () -> "no connect on a pooled connection: " + pooled);
            assertEquals(List.of("tlsStart 127.0.0.1", "tlsEnd 127.0.0.1 null"), heard, "one handshake, heard");
        }
    }

    @Test
    void aLookupOfTheHostNameIsDns() throws Exception {
        try (DnsServer dns = DnsServer.start(); PacedServer server = PacedServer.start();
             Shoal shoal = client().dnsServers(List.of(dns.address())).build()) {
            dns.add("timed.test", Duration.ofSeconds(300), "127.0.0.1").delay(Duration.ofMillis(150));
            String url = "http://timed.test:" + server.port() + "/";
            Timings fresh = get(shoal, url).timings();
            Timings pooled = get(shoal, url).timings();
            assertTrue(fresh.dnsNanos() >= 140 * MS, () -> "the server's answer took 150 ms: " + fresh);
            assertTrue(fresh.connectNanos() < fresh.dnsNanos(), () -> "a loopback connect is not the lookup: " + fresh);
            assertEquals(0, pooled.dnsNanos(), () -> "no lookup for a pooled connection: " + pooled);
        }
    }

    @Test
    void aRequestWaitingForItsHostsPermitIsQueued() throws Exception {
        try (PacedServer server = PacedServer.start(); Shoal shoal = client().build()) {
            String url = "http://127.0.0.1:" + server.port() + "/?head=300";
            var first = shoal.send(Request.get(url));
            var second = shoal.send(Request.get(url));
            Timings one = first.join().timings();
            Timings two = second.join().timings();
            assertTrue(one.queuedNanos() < 100 * MS, () -> "the first went at once: " + one);
            assertTrue(two.queuedNanos() >= 240 * MS, () -> "the second waited for the first: " + two);
        }
    }

    @Test
    void aFailureCarriesItsTimingsTooWithTheConnectsTimeInConnect() {
        try (Shoal shoal = client().build()) {
            Outcome o = shoal.gather(List.of(Request.get("http://127.0.0.1:" + FaultServer.closedPort() + "/"))).get(0);
            Outcome.Failure f = assertInstanceOf(Outcome.Failure.class, o);
            assertEquals(ErrorKind.CONNECT_REFUSED, f.kind());
            Timings t = f.timings();
            assertTrue(t.connectNanos() > 0 && t.totalNanos() >= t.connectNanos(), t::toString);
            assertEquals(0, t.waitNanos(), t::toString);
            assertEquals(null, f.error().remoteAddress(), "never connected");
        }
    }
}
