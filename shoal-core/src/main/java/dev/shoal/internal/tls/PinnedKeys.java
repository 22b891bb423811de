package dev.shoal.internal.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Public key pinning as curl's {@code --pinnedpubkey}: the server's certificate (the leaf, the one naming the
 * server) must carry one of the pinned public keys, else the handshake fails, before a byte of the request is
 * sent. A pin is the SHA-256 of the key's DER SubjectPublicKeyInfo, base64: {@code sha256//BASE64}, several
 * joined by {@code ;}; or a file holding the public key itself (PEM or DER). The check comes after the usual
 * verification (or instead of it, when that is skipped), on either TLS engine.
 */
public final class PinnedKeys extends X509ExtendedTrustManager {
    private static final String PREFIX = "sha256//";
    private final X509TrustManager verified;
    private final Set<String> pins;

    PinnedKeys(X509TrustManager verified, List<String> pins) {
        this.verified = verified;
        this.pins = Set.copyOf(pins);
    }

    /**
     * The pins of curl's {@code --pinnedpubkey} value, as base64 SHA-256 hashes.
     *
     * @throws IllegalArgumentException when a hash is not base64 of 32 bytes, or the key file cannot be read
     */
    public static List<String> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("no public key pin given");
        }
        String v = value.trim();
        if (!v.startsWith(PREFIX)) {
            return List.of(hashOfKeyFile(Path.of(v)));
        }
        List<String> pins = new ArrayList<>();
        for (String part : v.split(";")) {
            String p = part.trim();
            if (!p.startsWith(PREFIX)) {
                throw new IllegalArgumentException("a pin is sha256//BASE64, not '" + p + "'");
            }
            String b64 = p.substring(PREFIX.length());
            byte[] hash;
            try {
                hash = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException("pin '" + p + "' is not base64");
            }
            if (hash.length != 32) {
                throw new IllegalArgumentException("pin '" + p + "' is " + hash.length + " bytes, not a SHA-256 hash (32)");
            }
            pins.add(Base64.getEncoder().encodeToString(hash));
        }
        return List.copyOf(pins);
    }

    /** Whether {@code der} is a SubjectPublicKeyInfo of an algorithm this JDK reads. */
    private static boolean isPublicKey(byte[] der) {
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                java.security.KeyFactory.getInstance(algorithm).generatePublic(new java.security.spec.X509EncodedKeySpec(der));
                return true;
            } catch (java.security.GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        return false;
    }

    /** The pin of a public key file: PEM ({@code -----BEGIN PUBLIC KEY-----}) or DER. */
    static String hashOfKeyFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage();
            throw new IllegalArgumentException("cannot read the public key file " + file + ": " + why, e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
        if (begin >= 0) {
            int end = text.indexOf("-----END PUBLIC KEY-----", begin);
            if (end < 0) throw new IllegalArgumentException(file + ": PEM public key without its END line");
            String body = text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
            bytes = Base64.getDecoder().decode(body);
        }
        if (!isPublicKey(bytes)) {
            // else an empty file, a private key or a certificate would be a pin no server ever matches
            throw new IllegalArgumentException(file + ": no public key (PEM -----BEGIN PUBLIC KEY----- or DER); "
                    + "a certificate's is printed by openssl x509 -in CERT -pubkey -noout");
        }
        return hash(bytes);
    }

    /** {@return the pin of {@code cert}'s public key} */
    public static String pinOf(X509Certificate cert) {
        return hash(cert.getPublicKey().getEncoded());
    }

    private static String hash(byte[] spki) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkPinned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no server certificate to check the pinned public key against");
        }
        String pin = pinOf(chain[0]);
        if (!pins.contains(pin)) {
            throw new CertificateException("the server's public key (sha256//" + pin + ") is not the pinned one");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (verified instanceof X509ExtendedTrustManager x) {
            x.checkServerTrusted(chain, authType, engine);
        } else {
            verified.checkServerTrusted(chain, authType);
        }
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (verified instanceof X509ExtendedTrustManager x) {
            x.checkServerTrusted(chain, authType, socket);
        } else {
            verified.checkServerTrusted(chain, authType);
        }
        checkPinned(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verified.checkServerTrusted(chain, authType);
        checkPinned(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verified.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verified.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verified.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return verified.getAcceptedIssuers();
    }
}
