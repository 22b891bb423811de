package dev.shoal.internal.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A server's certificate chain checked once, not at every handshake: a crawl meets the same chain over and over
 * (each new connection to a host, and every host under one wildcard certificate), and the check (building the
 * path to a trusted root, a signature verified per link, in Java on either TLS engine) is most of a handshake's
 * cost.
 *
 * <p>The JDK's trust manager checks a chain the first time, with the host name. What passed is kept: the chain
 * (its exact bytes, with the key exchange and protocol it came with) and the certificate's names that the host
 * matched. Another host given the same chain is accepted without the JDK only if it matches, by the plain rules
 * below, one of those names the JDK has already accepted for this chain; anything else (another name, an IP
 * address, a partial wildcard, a certificate without subject alternative names) goes to the JDK again. So this
 * accepts a subset of what the JDK accepts, never more. A chain is kept until its first certificate expires,
 * at most {@link #MAX_AGE_NANOS}, and at most {@link #MAX_CHAINS} chains, the least recently used dropped.
 */
final class VerifiedChains extends X509ExtendedTrustManager {
    static final int MAX_CHAINS = 4_096;
    static final long MAX_AGE_NANOS = TimeUnit.HOURS.toNanos(1);

    private static final int SAN_DNS_NAME = 2;

    private final X509ExtendedTrustManager jdk;
    private final LongSupplier nanoClock;
    private final Map<Key, Verified> chains;

    /** The bytes of a chain as the server sent it, with what the handshake negotiated. */
    private record Key(ByteBuffer chain, String authType, String protocol) {
    }

    /** A chain that passed, until when, and the names of its certificate that hosts were accepted under. */
    private record Verified(long untilNanos, Set<String> acceptedNames) {
    }

    VerifiedChains(X509ExtendedTrustManager jdk, LongSupplier nanoClock) {
        this.jdk = jdk;
        this.nanoClock = nanoClock;
        this.chains = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Verified> eldest) {
                return size() > MAX_CHAINS;
            }
        };
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        String host = engine == null ? null : engine.getPeerHost();
        if (host == null || chain == null || chain.length == 0 || isIpLiteral(host) || !verifiesHostName(engine)) {
            jdk.checkServerTrusted(chain, authType, engine);
            return;
        }
        String name = host.toLowerCase(Locale.ROOT);
        Key key = key(chain, authType, engine);
        long now = nanoClock.getAsLong();
        Verified verified;
        synchronized (chains) {
            verified = chains.get(key);
            if (verified != null && verified.untilNanos() - now <= 0) {
                chains.remove(key);
                verified = null;
            }
        }
        if (verified != null) {
            for (String accepted : verified.acceptedNames()) {
                if (matches(accepted, name)) {
                    return;
                }
            }
        }
        jdk.checkServerTrusted(chain, authType, engine);  // throws when the chain or the name does not pass
        if (key == null) {
            return;
        }
        Verified kept = verified != null ? verified : new Verified(now + validityNanos(chain), ConcurrentHashMap.newKeySet());
        for (String san : dnsNames(chain[0])) {
            if (matches(san, name)) {
                kept.acceptedNames().add(san);
            }
        }
        if (!kept.acceptedNames().isEmpty()) {
            synchronized (chains) {
                chains.putIfAbsent(key, kept);
            }
        }
    }

    /**
     * Whether {@code host} (lower case, not an IP address) is {@code name}: the same, ignoring case, or under a
     * wildcard that is the whole first label ({@code *.example.com} covers {@code a.example.com}, not
     * {@code example.com} nor {@code a.b.example.com}).
     */
    static boolean matches(String name, String host) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!n.startsWith("*.")) {
            return n.indexOf('*') < 0 && !n.isEmpty() && n.equals(h);
        }
        String suffix = n.substring(1);  // ".example.com"
        if (suffix.indexOf('*') >= 0 || suffix.indexOf('.', 1) < 0) {
            return false;  // a second wildcard, or one over a single label ("*.com")
        }
        int firstDot = h.indexOf('.');
        return firstDot > 0 && h.substring(firstDot).equals(suffix);
    }

    private static Key key(X509Certificate[] chain, String authType, SSLEngine engine) {
        try {
            int size = 0;
            byte[][] encoded = new byte[chain.length][];
            for (int i = 0; i < chain.length; i++) {
                encoded[i] = chain[i].getEncoded();
                size += encoded[i].length + 4;
            }
            ByteBuffer bytes = ByteBuffer.allocate(size);
            for (byte[] e : encoded) {
                bytes.putInt(e.length).put(e);
            }
            bytes.flip();
            String protocol = engine.getHandshakeSession() != null ? engine.getHandshakeSession().getProtocol() : null;
            return new Key(bytes, authType, protocol);
        } catch (CertificateEncodingException e) {
            return null;  // not kept: checked by the JDK each time
        }
    }

    /** Until the first certificate of the chain expires, at most {@link #MAX_AGE_NANOS}. */
    private long validityNanos(X509Certificate[] chain) {
        long millis = Long.MAX_VALUE;
        for (X509Certificate c : chain) {
            millis = Math.min(millis, c.getNotAfter().getTime());
        }
        long left = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis - System.currentTimeMillis()));
        return Math.min(left, MAX_AGE_NANOS);
    }

    private static Set<String> dnsNames(X509Certificate leaf) {
        Set<String> names = new java.util.LinkedHashSet<>();
        try {
            var sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (var san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer type && type == SAN_DNS_NAME
                            && san.get(1) instanceof String dns) {
                        names.add(dns);
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException unreadable) {
            // no names kept: the JDK checks every connection with this chain
        }
        return names;
    }

    private static boolean verifiesHostName(SSLEngine engine) {
        SSLParameters parameters = engine.getSSLParameters();  // a new copy at each call
        return parameters != null && "HTTPS".equalsIgnoreCase(parameters.getEndpointIdentificationAlgorithm());
    }

    private static boolean isIpLiteral(String host) {
        return io.netty.util.NetUtil.isValidIpV4Address(host) || io.netty.util.NetUtil.isValidIpV6Address(host);
    }

    // The rest is the JDK's: a client checks servers only.

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
