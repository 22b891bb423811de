package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.real.Certificates;
import dev.shoal.testkit.real.Curl;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against a real nginx with certificates made for the test: verified by default, a given CA trusted on
 * request, host names checked, verification skipped only when asked.
 */
@Timeout(60)
class TlsTest {
    static final byte[] BIG = Bodies.random(1 << 20, 11);

    @TempDir
    static Path dir;
    static Certificates certs;
    static Nginx nginx;

    /** Port 0: a CA-signed certificate for localhost and 127.0.0.1; 1: CA-signed for other.example; 2: self-signed. */
    @BeforeAll
    static void start() throws Exception {
        certs = Certificates.generate(dir.resolve("certs"));
        Path root = dir.resolve("www");
        Files.createDirectories(root);
        Files.write(root.resolve("big.bin"), BIG);
        nginx = Nginx.start(dir.resolve("nginx"), 3, ports -> """
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }
                """.formatted(ports[0], certs.localhostCert(), certs.localhostKey(), root,
                ports[1], certs.otherNameCert(), certs.otherNameKey(), root,
                ports[2], certs.selfSignedCert(), certs.selfSignedKey(), root));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
    }

    static String url(int server, String host) {
        return "https://" + host + ":" + nginx.port(server) + "/big.bin";
    }

    static Shoal.Builder client() {
        return Shoal.builder().connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20));
    }

    static ShoalException failure(Shoal shoal, String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url)).join());
        return (ShoalException) e.getCause();
    }

    @Test
    void unknownIssuerFailsWithTlsByDefault() {
        try (Shoal shoal = client().build()) {
            ShoalException e = failure(shoal, url(0, "localhost"));
            assertEquals(ErrorKind.TLS, e.kind());
            assertTrue(e.getMessage().contains("localhost:" + nginx.port(0)), e.getMessage());
        }
    }

    @Test
    void selfSignedCertificateFailsWithTlsByDefault() {
        try (Shoal shoal = client().build()) {
            assertEquals(ErrorKind.TLS, failure(shoal, url(2, "localhost")).kind());
        }
    }

    @Test
    void trustedCaIsAcceptedForTheNamesItsCertificateHas() {
        try (Shoal shoal = client().trustedCertificates(certs.ca()).build()) {
            for (String host : new String[] {"localhost", "127.0.0.1"}) {
                Response r = shoal.send(Request.builder(url(0, host)).sink(BodySink.sha256()).build()).join();
                assertEquals(200, r.status(), host);
                assertEquals(Bodies.sha256(BIG), r.sha256(), host);
            }
            byte[] curl = Curl.body(url(0, "localhost"), "--cacert", certs.ca().toString());
            assertEquals(Bodies.sha256(curl), Bodies.sha256(BIG));
        }
    }

    @Test
    void certificateForAnotherNameFailsWithTlsEvenFromATrustedCa() {
        try (Shoal shoal = client().trustedCertificates(certs.ca()).build()) {
            assertEquals(ErrorKind.TLS, failure(shoal, url(1, "localhost")).kind());
        }
    }

    @Test
    void insecureSkipsIssuerAndHostNameChecks() {
        try (Shoal shoal = client().insecure(true).build()) {
            assertEquals(200, shoal.send(Request.get(url(2, "localhost"))).join().status());
            assertEquals(200, shoal.send(Request.get(url(1, "localhost"))).join().status());
        }
    }

    @Test
    void tlsFailureIsNotRetried() {
        try (Shoal shoal = client().retry(dev.shoal.RetryPolicy.backoff(3)).build()) {
            assertEquals(1, failure(shoal, url(2, "localhost")).attempts());
        }
    }
}
