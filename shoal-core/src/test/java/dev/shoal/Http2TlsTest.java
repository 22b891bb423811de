package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.ParanoidLeakDetection;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * HTTP/2 over TLS, chosen by ALPN: the default policy uses it where the server offers it, and only there; alike
 * on each TLS engine.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class Http2TlsTest {
    @TempDir
    static Path dir;
    static TestCertificate certificate;

    @BeforeAll
    static void makeCertificate() {
        certificate = TestCertificate.generate(dir);
    }

    static Shoal.Builder trusting(TlsProvider provider) {
        return Shoal.builder().tlsProvider(provider).trustedCertificates(certificate.certificatePem())
                .readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20));
    }

    static List<Outcome> fetch(Shoal shoal, Http2Server server, String path, int n) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(Request.builder(server.url(path)).sink(BodySink.memory()).build());
        }
        return shoal.gather(requests);
    }

    static void assertAll(List<Outcome> outcomes, String protocol, byte[] body) {
        for (Outcome o : outcomes) {
            assertInstanceOf(Outcome.Success.class, o, o::toString);
            Response r = ((Outcome.Success) o).response();
            assertEquals(protocol, r.protocol());
            assertArrayEquals(body, r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void alpnPicksH2AndOneConnectionCarriesEveryRequest(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).start(); Shoal shoal = trusting(provider).build()) {
            assertAll(fetch(shoal, server, "/gzip/70000", 40), "h2", FaultServer.bytesFor(70000));
            assertEquals(1, server.connectionsAccepted());
            assertEquals(40, server.h2Requests());
            assertEquals("https", server.lastRequestHeaders().get(":scheme"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void alpnFallsBackToHttp11WhenTheServerOffersOnlyThat(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).alpn("http/1.1").start();
             Shoal shoal = trusting(provider).build()) {
            assertAll(fetch(shoal, server, "/bytes/5000", 10), "http/1.1", FaultServer.bytesFor(5000));
            assertEquals(10, server.http1Requests());
            assertEquals(0, server.h2Requests());
            // the burst waited for the first handshake only to learn the protocol, then opened no more than a
            // connection each (a caller may take one that another has freed first, so fewer is fine)
            int accepted = server.connectionsAccepted();
            assertTrue(accepted >= 1 && accepted <= 10, "connections accepted: " + accepted);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void theHttp11PolicyNeverOffersH2(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).start();
             Shoal shoal = trusting(provider).httpVersion(HttpVersionPolicy.HTTP_1_1).build()) {
            assertAll(fetch(shoal, server, "/bytes/100", 3), "http/1.1", FaultServer.bytesFor(100));
            assertEquals(0, server.h2Requests());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void priorKnowledgeStillNegotiatesOverTls(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).alpn("http/1.1").start();
             Shoal shoal = trusting(provider).httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE).build()) {
            assertAll(fetch(shoal, server, "/bytes/100", 3), "http/1.1", FaultServer.bytesFor(100));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aConnectFailureReachesEveryCallerWaitingOnIt(TlsProvider provider) {
        try (Shoal shoal = trusting(provider).build()) {
            String url = "https://127.0.0.1:" + FaultServer.closedPort() + "/";
            List<Request> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(Request.get(url));
            }
            for (Outcome o : shoal.gather(burst)) {
                assertEquals(ErrorKind.CONNECT_REFUSED, ((Outcome.Failure) o).kind(), o::toString);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void insecureSkipsVerification(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).start();
             Shoal shoal = Shoal.builder().tlsProvider(provider).insecure(true).build()) {
            assertAll(fetch(shoal, server, "/bytes/100", 3), "h2", FaultServer.bytesFor(100));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void anUntrustedCertificateIsATlsError(TlsProvider provider) {
        try (Http2Server server = Http2Server.builder().tls(certificate).start();
             Shoal shoal = Shoal.builder().tlsProvider(provider).build()) {
            List<Outcome> outcomes = fetch(shoal, server, "/bytes/100", 3);
            for (Outcome o : outcomes) {
                assertEquals(ErrorKind.TLS, ((Outcome.Failure) o).kind(), o::toString);
            }
        }
    }
}
