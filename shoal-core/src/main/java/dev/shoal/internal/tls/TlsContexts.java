package dev.shoal.internal.tls;

import dev.shoal.HttpVersionPolicy;
import dev.shoal.ShoalConfig;
import dev.shoal.TlsProvider;
import dev.shoal.internal.base.Errors;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds a client's TLS context: OpenSSL (BoringSSL) or the JDK's engine as {@link TlsProvider} says; trusting
 * the system's CAs, a given PEM file, or anything when insecure; host names verified unless insecure; ALPN
 * offering h2 unless the policy is HTTP/1.1 only; the server's public key pinned if asked ({@link PinnedKeys});
 * a client certificate presented if given ({@link ClientKeys}). A chain checked once is not checked again at every handshake
 * ({@link VerifiedChains}). Both engines cache sessions per host and port, so a handler
 * made with {@code newHandler(alloc, host, port)} resumes an earlier session with that origin: a short handshake.
 */
public final class TlsContexts {
    /**
     * The cipher suites offered, in the order of OkHttp's and Chrome's: AES-128-GCM before AES-256-GCM and
     * ChaCha20 (Netty's default list puts ECDHE-ECDSA-AES256-GCM-SHA384 first, so every TLS 1.2 handshake with a
     * server that follows the client's order paid SHA-384's key derivation on both sides). The TLS 1.3 suites
     * stay listed, or the OpenSSL engine would turn TLS 1.3 off; BoringSSL orders those itself. Suites an engine
     * does not support are left out ({@link SupportedCipherSuiteFilter}).
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA");

    private TlsContexts() {
    }

    /**
     * The client context for {@code config}. An OpenSSL one is reference-counted: each SslHandler releases its
     * engine when its channel closes, and the owner releases the context when the client closes.
     */
    public static SslContext forClient(ShoalConfig config) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(provider(config.tlsProvider(), OpenSsl.unavailabilityCause()))
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(alpn(config.httpVersion()))
                    .endpointIdentificationAlgorithm(config.insecure() ? null : "HTTPS");
            X509TrustManager trust = config.insecure()
                    ? (X509TrustManager) InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]
                    : new VerifiedChains(jdkTrustManager(config.trustedCertificates()), System::nanoTime);
            // the pins are checked on every chain, after the cache of verified ones: a cached chain is no pass
            b.trustManager(config.pinnedPublicKeys().isEmpty() ? trust : new PinnedKeys(trust, config.pinnedPublicKeys()));
            if (config.clientCertificate() != null) {
                PrivateKey key = ClientKeys.privateKey(config.clientKey());
                X509Certificate[] chain = ClientKeys.certificates(config.clientCertificate());
                ClientKeys.requireMatch(key, config.clientKey(), chain[0], config.clientCertificate());
                b.keyManager(key, chain);
            }
            return b.build();
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The JDK's trust manager for the CAs of a PEM file, or the system's CAs when {@code pem} is null. */
    static X509ExtendedTrustManager jdkTrustManager(Path pem) throws GeneralSecurityException, IOException {
        KeyStore roots = null;
        if (pem != null) {
            roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            try (InputStream in = Files.newInputStream(pem)) {
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    roots.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new CertificateException("no certificate in " + pem);
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new KeyStoreException("the JDK has no X.509 trust manager");
    }

    /**
     * Netty's engine for {@code requested}, given why OpenSSL's native library did not load (null: it loaded).
     * OpenSSL's reference-counted flavour frees each connection's native state when its SslHandler is removed,
     * rather than leaving it to a finalizer per engine.
     */
    static SslProvider provider(TlsProvider requested, Throwable openSslUnavailable) {
        return switch (requested) {
            case JDK -> SslProvider.JDK;
            case AUTO -> openSslUnavailable == null ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
            case OPENSSL -> {
                if (openSslUnavailable != null) {
                    throw new IllegalArgumentException("OpenSSL does not load here: " + Errors.rootMessage(openSslUnavailable));
                }
                yield SslProvider.OPENSSL_REFCNT;
            }
        };
    }

    /** What {@code requested} uses on this machine, for {@code --version}: see {@link TlsProvider#describe()}. */
    public static String describe(TlsProvider requested) {
        return describe(requested, OpenSsl.unavailabilityCause());
    }

    static String describe(TlsProvider requested, Throwable openSslUnavailable) {
        if (requested == TlsProvider.JDK) {
            return "JDK";
        }
        if (openSslUnavailable == null) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        String why = "OpenSSL does not load here: " + Errors.rootMessage(openSslUnavailable);
        return requested == TlsProvider.AUTO ? "JDK (" + why + ")" : "none (" + why + ")";
    }

    /** The protocols offered by ALPN, in order of preference; the server picks one. */
    private static ApplicationProtocolConfig alpn(HttpVersionPolicy policy) {
        String[] protocols = policy == HttpVersionPolicy.HTTP_1_1
                ? new String[] {ApplicationProtocolNames.HTTP_1_1}
                : new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1};
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, protocols);
    }
}
