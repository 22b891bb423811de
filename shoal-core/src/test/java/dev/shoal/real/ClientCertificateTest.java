package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.TlsProvider;
import dev.shoal.testkit.real.Certificates;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import dev.shoal.internal.tls.TlsContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * curl's {@code --cert/--key} and {@code --pinnedpubkey} against a real nginx, on each TLS engine: a server
 * requiring a client certificate ({@code ssl_verify_client on}) answers 400 without one and 200 with one, whatever
 * form its key is in; a pinned key that is the server's lets the request through, another fails the handshake
 * with {@code tls} before the request is sent.
 */
@Timeout(60)
class ClientCertificateTest {
    @TempDir
    static Path dir;
    static Certificates certs;
    static Nginx nginx;

    /** Port 0: requires a client certificate from the test CA and says whose it was; 1: no client certificate. */
    @BeforeAll
    static void start() {
        certs = Certificates.generate(dir.resolve("certs"));
        nginx = Nginx.start(dir.resolve("nginx"), 2, ports -> """
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s;
                         ssl_client_certificate %s; ssl_verify_client on;
                         location / { return 200 "client=$ssl_client_s_dn"; } }
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s;
                         location / { return 200 "ok"; } }
                """.formatted(ports[0], certs.localhostCert(), certs.localhostKey(), certs.ca(),
                ports[1], certs.localhostCert(), certs.localhostKey()));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
    }

    static Shoal.Builder client(TlsProvider provider) {
        return Shoal.builder().tlsProvider(provider).trustedCertificates(certs.ca())
                .connectTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20));
    }

    static String url(int server, String path) {
        return "https://localhost:" + nginx.port(server) + path;
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void withoutAClientCertificateTheServerSays400(TlsProvider provider) {
        try (Shoal shoal = client(provider).build()) {
            assertEquals(400, shoal.send(Request.get(url(0, "/none"))).join().status());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void aClientCertificateInEachKeyFormIsAccepted(TlsProvider provider) {
        for (Certificates.KeyForm form : Certificates.KeyForm.values()) {
            String name = "client-" + form.name().toLowerCase() + "-" + provider.name().toLowerCase();
            Certificates.Client c = certs.client(name, form);
            try (Shoal shoal = client(provider).clientCertificate(c.cert(), c.key()).build()) {
                Response r = shoal.send(Request.builder(url(0, "/with-cert")).sink(BodySink.memory()).build()).join();
                assertEquals(200, r.status(), form.name());
                assertEquals("client=CN=" + name, r.bodyString(), form.name());
            }
        }
    }

    @Test
    void anUnreadableKeyIsAConfigurationErrorThatDoesNotQuoteIt() throws Exception {
        Certificates.Client c = certs.client("garbled", Certificates.KeyForm.EC_PKCS8);
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client(TlsProvider.JDK).clientCertificate(c.cert(), bad).build().close());
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().clientCertificate(c.cert(), null).config());
    }

    @Test
    void aKeyThatIsNotTheCertificatesOrACertificateThatIsNotPemIsAConfigurationError() {
        Certificates.Client ec = certs.client("mine", Certificates.KeyForm.EC_PKCS8);
        Certificates.Client otherEc = certs.client("other-ec", Certificates.KeyForm.EC_SEC1);
        Certificates.Client rsa = certs.client("other-rsa", Certificates.KeyForm.RSA_PKCS1);
        for (Path wrongKey : new Path[] {otherEc.key(), rsa.key()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TlsContexts.forClient(client(TlsProvider.JDK).clientCertificate(ec.cert(), wrongKey).config()));
            assertTrue(e.getMessage().contains("is not the key of the certificate " + ec.cert()), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsContexts.forClient(client(TlsProvider.JDK).clientCertificate(ec.key(), ec.key()).config()));
        assertTrue(e.getMessage().contains(ec.key() + ": not a PEM certificate"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"JDK", "OPENSSL"})
    void theServersPinnedKeyLetsTheRequestThroughAnotherFailsWithTls(TlsProvider provider) throws Exception {
        String right = "sha256//" + pin(certs.localhostCert());
        String wrong = "sha256//" + pin(certs.otherNameCert());
        try (Shoal shoal = client(provider).pinnedPublicKey(wrong + ";" + right).build()) {
            assertEquals(200, shoal.send(Request.get(url(1, "/pin-right"))).join().status());
        }
        String path = "/pin-wrong-" + provider.name();
        try (Shoal shoal = client(provider).pinnedPublicKey(wrong).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url(1, path))).join());
            ShoalException se = (ShoalException) e.getCause();
            assertEquals(ErrorKind.TLS, se.kind());
        }
        try (Shoal shoal = client(provider).insecure(true).pinnedPublicKey(wrong).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url(1, path))).join());
            assertEquals(ErrorKind.TLS, ((ShoalException) e.getCause()).kind(), "pinned even when not verifying");
        }
        nginx.received(1, Duration.ofMillis(300));
        assertFalse(nginx.received().stream().anyMatch(line -> line.contains(path)), "nothing sent: " + nginx.received());
        assertTrue(nginx.received().stream().anyMatch(line -> line.contains("/pin-right")));
    }

    static String pin(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        }
    }
}
