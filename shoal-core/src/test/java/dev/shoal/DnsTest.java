package dev.shoal;

import dev.shoal.testkit.DnsServer;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.HangingAddress;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.RecordedRequest;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;






import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests by host name, with a DNS server of our own as the only one asked: a server that loses the first
 * query of each name loses no request; NXDOMAIN fails fast and is not retried; curl's --resolve and --connect-to
 * redirect the connection while Host and TLS keep the URL's name; a blackholed address costs one attempt delay.
 */
@Timeout(60)
class DnsTest {
    private final DnsServer dns = DnsServer.start();
    private final FaultServer http = FaultServer.start();

    @AfterEach
    void close() {
        http.close();
        dns.close();
    }

    private Shoal.Builder client() {
        return Shoal.builder().dnsServers(List.of(dns.address())).deadline(Duration.ofSeconds(20));
    }

    private static ShoalException failure(Outcome o) {
        assertTrue(o instanceof Outcome.Failure, () -> "expected a failure: " + o);
        return ((Outcome.Failure) o).error();
    }

    private static Response success(Outcome o) {
        assertTrue(o instanceof Outcome.Success, () -> "expected a success: " + o);
        return ((Outcome.Success) o).response();
    }

    @Test
    void aServerThatDropsTheFirstQueryOfEachNameLosesNoRequest() {
        dns.addSuffix(".test", Duration.ofSeconds(300), "127.0.0.1").dropFirstQuery(true);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            requests.add(Request.get("http://n" + (i % 40) + ".test:" + http.port() + "/"));
        }
        try (Shoal shoal = client().maxInFlight(64).build()) {
            for (Outcome o : shoal.gather(requests)) {
                assertEquals(200, success(o).status());
            }
        }
        assertTrue(dns.received() >= 80, "queries: " + dns.received());
    }

    @Test
    void noSuchNameFailsAsDnsAndIsNotRetried() {
        dns.nxdomain("gone.test");
        try (Shoal shoal = client().retry(RetryPolicy.backoff(2).withBaseDelay(Duration.ofMillis(10))).build()) {
            ShoalException e = failure(shoal.gather(List.of(Request.get("http://gone.test/"))).get(0));
            assertEquals(ErrorKind.DNS, e.kind());
            assertTrue(e.getMessage().contains("NXDOMAIN"), e.getMessage());
            assertEquals(1, e.attempts());
        }
    }

    @Test
    void aLostAnswerIsRetriedUnderRetry() {
        dns.add("once.test", Duration.ofSeconds(60), "127.0.0.1").dropFirstQuery(true);
        Shoal.Builder oneQuery = client().dnsQueries(64, Duration.ofMillis(500), 1)
                .retry(RetryPolicy.backoff(1).withBaseDelay(Duration.ofMillis(10)));
        try (Shoal shoal = oneQuery.build()) {
            Response r = success(shoal.gather(List.of(Request.get("http://once.test:" + http.port() + "/"))).get(0));
            assertEquals(200, r.status());
            assertEquals(2, r.attempts());
        }
    }

    @Test
    void aNameStillUnresolvedWhenTheConnectTimeoutEndsIsDns() {
        dns.add("slow.test", Duration.ofSeconds(60), "127.0.0.1").delay(Duration.ofSeconds(3));
        try (Shoal shoal = client().connectTimeout(Duration.ofMillis(300)).build()) {
            ShoalException e = failure(shoal.gather(List.of(Request.get("http://slow.test:" + http.port() + "/"))).get(0));
            assertEquals(ErrorKind.DNS, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("connect timeout"), e.getMessage());
        }
    }

    @Test
    void resolvePinsTheAddressAndKeepsTheHostHeader() throws InterruptedException {
        try (Shoal shoal = client().resolve("pinned.test", http.port(), "[::2]", "127.0.0.1").build()) {
            Response r = success(shoal.gather(List.of(Request.get("http://pinned.test:" + http.port() + "/"))).get(0));
            assertEquals(200, r.status());
        }
        RecordedRequest seen = http.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("pinned.test:" + http.port(), seen.header("Host"));
        assertEquals(0, dns.received(), "DNS was asked for a pinned name");
    }

    @Test
    void connectToSendsTheConnectionElsewhereAndKeepsTheHostHeader() throws InterruptedException {
        try (Shoal shoal = client().connectTo("site.test", 80, "127.0.0.1", http.port()).build()) {
            Response r = success(shoal.gather(List.of(Request.get("http://site.test/"))).get(0));
            assertEquals(200, r.status());
        }
        assertEquals("site.test", http.takeRequest(5, TimeUnit.SECONDS).header("Host"));
    }

    @Test
    @Timeout(120)  // keytool and the JDK's TLS set-up are slow on a busy machine
    void tlsChecksTheUrlsHostNotTheAddressConnectedTo(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.generate(dir);  // for localhost and 127.0.0.1
        try (Http2Server tls = Http2Server.builder().tls(cert).start()) {
            int port = tls.port();
            try (Shoal shoal = client().trustedCertificates(cert.certificatePem())
                    .connectTo("localhost", port, "127.0.0.1", port).resolve("other.test", port, "127.0.0.1").build()) {
                assertEquals(200, success(shoal.gather(List.of(Request.get("https://localhost:" + port + "/"))).get(0)).status());
                // the address is in the certificate, the name is not: refused
                assertEquals(ErrorKind.TLS, failure(shoal.gather(List.of(Request.get("https://other.test:" + port + "/"))).get(0)).kind());
            }
        }
    }

    @Test
    void anAddressThatNeverAnswersCostsOneAttemptDelay() {
        try (HangingAddress hanging = HangingAddress.on("127.0.0.2", http.port());
             Shoal shoal = client().connectTimeout(Duration.ofSeconds(5))
                     .resolve("two.test", http.port(), "127.0.0.2", "127.0.0.1").build()) {
            long start = System.nanoTime();
            Response r = success(shoal.gather(List.of(Request.get("http://two.test:" + http.port() + "/"))).get(0));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, r.status());
            assertTrue(ms >= 200 && ms < 2000, "took " + ms + " ms");
        }
    }
}
