package dev.shoal.internal.tls;

import dev.shoal.Shoal;
import dev.shoal.TlsProvider;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which TLS engine a client gets, and how the choice is named, with and without OpenSSL's native library. */
class TlsContextsTest {
    static final Throwable NOT_LOADED = new UnsatisfiedLinkError("no netty_tcnative_linux_x86_64 in java.library.path");

    @Test
    void autoTakesOpenSslWhereItLoadsAndTheJdkElsewhere() {
        assertEquals(SslProvider.OPENSSL_REFCNT, TlsContexts.provider(TlsProvider.AUTO, null));
        assertEquals(SslProvider.JDK, TlsContexts.provider(TlsProvider.AUTO, NOT_LOADED));
    }

    @Test
    void jdkIsTheJdkEvenWhereOpenSslLoads() {
        assertEquals(SslProvider.JDK, TlsContexts.provider(TlsProvider.JDK, null));
    }

    @Test
    void openSslWhereItDoesNotLoadIsAnErrorThatSaysWhy() {
        assertEquals(SslProvider.OPENSSL_REFCNT, TlsContexts.provider(TlsProvider.OPENSSL, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsContexts.provider(TlsProvider.OPENSSL, NOT_LOADED));
        assertTrue(e.getMessage().contains("no netty_tcnative_linux_x86_64"), e.getMessage());
    }

    @Test
    void theNameSaysWhichEngineAndWhyNotOpenSsl() {
        assertEquals("JDK", TlsContexts.describe(TlsProvider.JDK, null));
        assertEquals("JDK (OpenSSL does not load here: no netty_tcnative_linux_x86_64 in java.library.path)",
                TlsContexts.describe(TlsProvider.AUTO, NOT_LOADED));
        assertTrue(TlsContexts.describe(TlsProvider.OPENSSL, NOT_LOADED).startsWith("none (OpenSSL does not load here"));
    }

    /** The project ships BoringSSL's linux-x86_64 library (the machine kind it runs on): it must load here. */
    @Test
    void openSslLoadsHereAndIsTheDefault() {
        assertNull(OpenSsl.unavailabilityCause());
        assertEquals("OpenSSL (BoringSSL)", TlsProvider.AUTO.describe());
    }

    @Test
    void theContextIsOfTheEngineAskedForWithItsSessionCacheOn() {
        SslContext openSsl = TlsContexts.forClient(Shoal.builder().tlsProvider(TlsProvider.OPENSSL).config());
        try {
            assertInstanceOf(ReferenceCountedOpenSslContext.class, openSsl);
            assertTrue(((OpenSslSessionContext) openSsl.sessionContext()).isSessionCacheEnabled());
        } finally {
            ReferenceCountUtil.release(openSsl);
        }
        assertInstanceOf(JdkSslContext.class, TlsContexts.forClient(Shoal.builder().tlsProvider(TlsProvider.JDK).config()));
        SslContext auto = TlsContexts.forClient(Shoal.builder().config());
        try {
            assertInstanceOf(ReferenceCountedOpenSslContext.class, auto);
        } finally {
            ReferenceCountUtil.release(auto);
        }
    }

    /**
     * Both engines offer AES-128-GCM first, as OkHttp and Chrome do, and keep TLS 1.3's suites (without them the
     * OpenSSL engine would not offer TLS 1.3). Netty's default offers ECDHE-ECDSA-AES256-GCM-SHA384 first.
     */
    @Test
    void bothEnginesOfferAes128GcmFirstAndKeepTls13() {
        for (TlsProvider p : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            SslContext context = TlsContexts.forClient(Shoal.builder().tlsProvider(p).config());
            try {
                List<String> offered = context.cipherSuites();
                assertTrue(offered.contains("TLS_AES_128_GCM_SHA256"), p + ": " + offered);
                List<String> tls12 = offered.stream().filter(c -> c.startsWith("TLS_ECDHE_")).toList();
                assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                        tls12.subList(0, 4), p.toString());
                assertTrue(offered.stream().allMatch(TlsContexts.CIPHER_SUITES::contains), p + ": " + offered);
            } finally {
                ReferenceCountUtil.release(context);
            }
        }
    }

    @Test
    void aCaFileThatIsNotPemIsAConfigurationError() throws Exception {
        Path notPem = Files.createTempFile("not-a-ca", ".pem");
        try {
            Files.writeString(notPem, "not a certificate");
            for (TlsProvider p : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> TlsContexts.forClient(Shoal.builder().tlsProvider(p).trustedCertificates(notPem).config()));
                assertTrue(e.getMessage().startsWith("cannot set up TLS"), e.getMessage());
            }
        } finally {
            Files.delete(notPem);
        }
    }
}
