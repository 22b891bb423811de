package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.TlsProvider;
import dev.shoal.testkit.real.Certificates;
import dev.shoal.testkit.real.Curl;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against a real nginx with certificates made for the test, on each TLS engine: verified by default, a given
 * CA trusted on request, host names checked, verification skipped only when asked, and a later connection to
 * the same origin resuming the session (a short handshake).
 */
@Timeout(60)
class TlsTest {
    static final byte[] BIG = Bodies.random(1 << 20, 11);

    @TempDir
    static Path dir;
    static Certificates certs;
    static Nginx nginx;

    /**
     * Port 0: a CA-signed certificate for localhost and 127.0.0.1; 1: CA-signed for other.example; 2: self-signed;
     * 3 and 4: as 0, but closing each connection after one response and saying in {@code X-Reused} whether its
     * TLS session was resumed ("r") or new ("."), over TLS 1.3 (3) and TLS 1.2 (4), by session tickets only
     * (nginx's default: no session cache); 4 also names the cipher suite in {@code X-Cipher}.
     */
    @BeforeAll
    static void start() throws Exception {
        certs = Certificates.generate(dir.resolve("certs"));
        Path root = dir.resolve("www");
        Files.createDirectories(root);
        Files.write(root.resolve("big.bin"), BIG);
        Files.writeString(root.resolve("small.txt"), "small");
        nginx = Nginx.start(dir.resolve("nginx"), 5, ports -> """
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s;
                         ssl_protocols TLSv1.3; keepalive_timeout 0; add_header X-Reused $ssl_session_reused always; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s;
                         ssl_protocols TLSv1.2; ssl_session_cache none; ssl_session_tickets on;
                         keepalive_timeout 0; add_header X-Reused $ssl_session_reused always;
                         add_header X-Cipher $ssl_cipher always; }
                """.formatted(ports[0], certs.localhostCert(), certs.localhostKey(), root,
                ports[1], certs.otherNameCert(), certs.otherNameKey(), root,
                ports[2], certs.selfSignedCert(), certs.selfSignedKey(), root,
                ports[3], certs.localhostCert(), certs.localhostKey(), root,
                ports[4], certs.localhostCert(), certs.localhostKey(), root));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
    }

    static String url(int server, String host) {
        return url(server, host, "/big.bin");
    }

    static String url(int server, String host, String path) {
        return "https://" + host + ":" + nginx.port(server) + path;
    }

    static Shoal.Builder client(TlsProvider provider) {
        return Shoal.builder().tlsProvider(provider).connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20));
    }

    static ShoalException failure(Shoal shoal, String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url)).join());
        return (ShoalException) e.getCause();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void unknownIssuerFailsWithTlsByDefault(TlsProvider provider) {
        try (Shoal shoal = client(provider).build()) {
            ShoalException e = failure(shoal, url(0, "localhost"));
            assertEquals(ErrorKind.TLS, e.kind());
            assertTrue(e.getMessage().contains("localhost:" + nginx.port(0)), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void selfSignedCertificateFailsWithTlsByDefault(TlsProvider provider) {
        try (Shoal shoal = client(provider).build()) {
            assertEquals(ErrorKind.TLS, failure(shoal, url(2, "localhost")).kind());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void trustedCaIsAcceptedForTheNamesItsCertificateHas(TlsProvider provider) {
        try (Shoal shoal = client(provider).trustedCertificates(certs.ca()).build()) {
            for (String host : new String[] {"localhost", "127.0.0.1"}) {
                Response r = shoal.send(Request.builder(url(0, host)).sink(BodySink.sha256()).build()).join();
                assertEquals(200, r.status(), host);
                assertEquals(Bodies.sha256(BIG), r.sha256(), host);
            }
            byte[] curl = Curl.body(url(0, "localhost"), "--cacert", certs.ca().toString());
            assertEquals(Bodies.sha256(curl), Bodies.sha256(BIG));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void certificateForAnotherNameFailsWithTlsEvenFromATrustedCa(TlsProvider provider) {
        try (Shoal shoal = client(provider).trustedCertificates(certs.ca()).build()) {
            assertEquals(ErrorKind.TLS, failure(shoal, url(1, "localhost")).kind());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void insecureSkipsIssuerAndHostNameChecks(TlsProvider provider) {
        try (Shoal shoal = client(provider).insecure(true).build()) {
            assertEquals(200, shoal.send(Request.get(url(2, "localhost"))).join().status());
            assertEquals(200, shoal.send(Request.get(url(1, "localhost"))).join().status());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void tlsFailureIsNotRetried(TlsProvider provider) {
        try (Shoal shoal = client(provider).retry(dev.shoal.RetryPolicy.backoff(3)).build()) {
            assertEquals(1, failure(shoal, url(2, "localhost")).attempts());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void anotherConnectionToTheOriginResumesTheSessionOverTls13(TlsProvider provider) {
        assertEquals(List.of(".", "r", "r"), sessionsReused(provider, 3));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void anotherConnectionToTheOriginResumesTheSessionOverTls12(TlsProvider provider) {
        assertEquals(List.of(".", "r", "r"), sessionsReused(provider, 4));
    }

    /**
     * nginx 1.22 follows the client's order of cipher suites: Shoal's puts AES-128-GCM first, as OkHttp and Chrome do,
     * whose SHA-256 key derivation costs both sides less than AES-256-GCM-SHA384's SHA-384.
     */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aTls12ServerThatFollowsTheClientsOrderGetsAes128Gcm(TlsProvider provider) {
        try (Shoal shoal = client(provider).trustedCertificates(certs.ca()).build()) {
            Response r = shoal.send(Request.builder(url(4, "localhost", "/small.txt")).sink(BodySink.memory()).build()).join();
            assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", r.headers().get("x-cipher"));
        }
    }

    /** nginx's {@code $ssl_session_reused} for three requests in a row, each on a connection of its own. */
    static List<String> sessionsReused(TlsProvider provider, int server) {
        List<String> reused = new ArrayList<>();
        try (Shoal shoal = client(provider).trustedCertificates(certs.ca()).build()) {
            for (int i = 0; i < 3; i++) {
                Response r = shoal.send(Request.builder(url(server, "localhost", "/small.txt")).sink(BodySink.memory()).build()).join();
                assertEquals("small", r.bodyString());
                reused.add(r.headers().get("x-reused"));
            }
        }
        return reused;
    }
}
