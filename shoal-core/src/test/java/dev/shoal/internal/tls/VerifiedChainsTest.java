package dev.shoal.internal.tls;

import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain the JDK passed is not checked again for a host under a name the JDK accepted with it; every other
 * case still goes to the JDK (here a fake that accepts a fixed set of hosts and counts its checks).
 */
class VerifiedChainsTest {
    private static X509Certificate[] wildcard;
    private static X509Certificate[] other;

    @BeforeAll
    static void certificates(@TempDir Path dir) throws Exception {
        wildcard = chain(TestCertificate.generate(dir, "dns:*.wild.test,dns:exact.test").certificatePem());
        other = chain(TestCertificate.generate(dir, "dns:*.wild.test").certificatePem());
    }

    private static X509Certificate[] chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return new X509Certificate[] {(X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)};
        }
    }

    /** The JDK stand-in: passes the hosts it was told to, fails the rest, and remembers whom it checked. */
    private static final class FakeJdk extends X509ExtendedTrustManager {
        final Set<String> passes;
        final List<String> checked = new ArrayList<>();

        FakeJdk(String... passes) {
            this.passes = Set.of(passes);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checked.add(engine.getPeerHost());
            if (!passes.contains(engine.getPeerHost())) {
                throw new CertificateException("no name matching " + engine.getPeerHost());
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) { throw new AssertionError(); }
        @Override public void checkServerTrusted(X509Certificate[] c, String a) { throw new AssertionError(); }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { throw new AssertionError(); }
        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) { throw new AssertionError(); }
        @Override public void checkClientTrusted(X509Certificate[] c, String a) { throw new AssertionError(); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    private static SSLEngine engine(String host, boolean verifyName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(host, 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setEndpointIdentificationAlgorithm(verifyName ? "HTTPS" : null);
        engine.setSSLParameters(p);
        return engine;
    }

    private final AtomicLong now = new AtomicLong();

    @Test
    void anotherHostUnderAWildcardTheJdkAcceptedIsNotCheckedAgain() throws Exception {
        FakeJdk jdk = new FakeJdk("a.wild.test", "b.wild.test");
        VerifiedChains chains = new VerifiedChains(jdk, now::get);
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("a.wild.test", true));
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("b.wild.test", true));
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("A.Wild.Test", true));
        assertEquals(List.of("a.wild.test"), jdk.checked);
    }

    @Test
    void everyOtherCaseGoesToTheJdk() throws Exception {
        FakeJdk jdk = new FakeJdk("a.wild.test", "exact.test");
        VerifiedChains chains = new VerifiedChains(jdk, now::get);
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("a.wild.test", true));
        // not under an accepted name: the JDK decides, and here refuses
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("evil.test", true)));
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("x.a.wild.test", true)));
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("wild.test", true)));
        // a name of the certificate the JDK has not accepted yet for this chain
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("exact.test", true));
        // another chain, another key exchange, an IP address, no host name check asked for
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(other, "ECDHE_ECDSA", engine("c.wild.test", true)));
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_RSA", engine("c.wild.test", true)));
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("127.0.0.1", true)));
        assertThrows(CertificateException.class, () -> chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("c.wild.test", false)));
        assertEquals(List.of("a.wild.test", "evil.test", "x.a.wild.test", "wild.test", "exact.test", "c.wild.test",
                "c.wild.test", "127.0.0.1", "c.wild.test"), jdk.checked);
    }

    @Test
    void aChainIsCheckedAgainAfterItsMaximumAge() throws Exception {
        FakeJdk jdk = new FakeJdk("a.wild.test");
        VerifiedChains chains = new VerifiedChains(jdk, now::get);
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("a.wild.test", true));
        now.addAndGet(VerifiedChains.MAX_AGE_NANOS - 1);
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("a.wild.test", true));
        now.addAndGet(1);
        chains.checkServerTrusted(wildcard, "ECDHE_ECDSA", engine("a.wild.test", true));
        assertEquals(2, jdk.checked.size());
    }

    @Test
    void namesMatchAsTheirPlainRulesSay() {
        assertTrue(VerifiedChains.matches("exact.test", "exact.test"));
        assertTrue(VerifiedChains.matches("EXACT.test.", "exact.test"));
        assertTrue(VerifiedChains.matches("*.wild.test", "a.wild.test"));
        assertFalse(VerifiedChains.matches("*.wild.test", "wild.test"));
        assertFalse(VerifiedChains.matches("*.wild.test", "a.b.wild.test"));
        assertFalse(VerifiedChains.matches("*.wild.test", ".wild.test"));
        assertFalse(VerifiedChains.matches("*.test", "a.test"));  // a wildcard over one label: left to the JDK
        assertFalse(VerifiedChains.matches("a*.wild.test", "ab.wild.test"));  // partial wildcards: left to the JDK
        assertFalse(VerifiedChains.matches("*.*.test", "a.b.test"));
        assertFalse(VerifiedChains.matches("other.test", "exact.test"));
    }
}
