package dev.shoal.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * A client certificate and its private key from PEM files, as curl's {@code --cert}/{@code --key} take them:
 * the key as PKCS#8 ({@code BEGIN PRIVATE KEY}), or in OpenSSL's traditional forms, PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC PRIVATE KEY}), which are rewrapped as PKCS#8
 * for the JDK. Encrypted keys are refused with a message. Messages never quote the key's content.
 */
final class ClientKeys {
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private ClientKeys() {
    }

    /** The certificates of a PEM file, the client's own first. */
    static X509Certificate[] certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> all;
            try {
                all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            } catch (java.security.cert.CertificateException e) {
                throw new GeneralSecurityException(pem + ": not a PEM certificate (" + e.getMessage() + ")", e);
            }
            if (all.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + pem);
            }
            return all.stream().map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        }
    }

    /**
     * Refuses a key that is not the certificate's: signs a few bytes with the key and checks them with the
     * certificate's public key, so the mistake is a clear error before the run, not a handshake failure per row.
     * Keys of an algorithm without a plain signature name here (RSASSA-PSS) are left to the handshake.
     */
    static void requireMatch(PrivateKey key, Path keyPem, X509Certificate cert, Path certPem) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "shoal client key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            PublicKey publicKey = cert.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (java.security.InvalidKeyException | java.security.SignatureException otherKind) {
            matches = false;  // e.g. an RSA key beside an EC certificate
        }
        if (!matches) {
            throw new GeneralSecurityException("the private key " + keyPem + " is not the key of the certificate " + certPem);
        }
    }

    /** The private key of a PEM file. */
    static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED")) {
            throw new GeneralSecurityException(pem + ": encrypted private keys are not supported; decrypt it first "
                    + "(openssl pkey -in KEY -out PLAIN)");
        }
        byte[] der;
        if ((der = block(text, "PRIVATE KEY")) != null) {
            return pkcs8(der, pem);
        }
        if ((der = block(text, "RSA PRIVATE KEY")) != null) {
            return pkcs8(sequence(VERSION_0, sequence(RSA_OID, NULL), octets(der)), pem);
        }
        if ((der = block(text, "EC PRIVATE KEY")) != null) {
            return pkcs8(sequence(VERSION_0, sequence(EC_OID, curveOf(der, pem)), octets(der)), pem);
        }
        throw new GeneralSecurityException(pem + ": no PEM private key (PKCS#8, RSA or EC) found");
    }

    private static PrivateKey pkcs8(byte[] der, Path pem) throws GeneralSecurityException {
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException(pem + ": the private key is of no algorithm this JDK reads");
    }

    private static byte[] block(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int b = text.indexOf(begin);
        if (b < 0) return null;
        int e = text.indexOf("-----END " + label + "-----", b);
        if (e < 0) return null;
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /**
     * The named curve of a SEC1 key (RFC 5915: SEQUENCE { version, privateKey OCTET STRING, [0] parameters, ...}),
     * as its DER OID.
     */
    private static byte[] curveOf(byte[] sec1, Path pem) throws GeneralSecurityException {
        int[] at = {0};
        expect(sec1, at, 0x30);
        length(sec1, at);
        skip(sec1, at, 0x02);
        skip(sec1, at, 0x04);
        if (at[0] < sec1.length && (sec1[at[0]] & 0xff) == 0xa0) {
            at[0]++;
            int len = length(sec1, at);
            byte[] oid = new byte[len];
            System.arraycopy(sec1, at[0], oid, 0, len);
            return oid;
        }
        throw new GeneralSecurityException(pem + ": the EC private key does not name its curve");
    }

    private static void expect(byte[] der, int[] at, int tag) throws GeneralSecurityException {
        if (at[0] >= der.length || (der[at[0]] & 0xff) != tag) {
            throw new GeneralSecurityException("malformed EC private key");
        }
        at[0]++;
    }

    private static void skip(byte[] der, int[] at, int tag) throws GeneralSecurityException {
        expect(der, at, tag);
        int len = length(der, at);  // read first: "at[0] += length(..)" would add to the index from before the length
        at[0] += len;
    }

    private static int length(byte[] der, int[] at) throws GeneralSecurityException {
        if (at[0] >= der.length) throw new GeneralSecurityException("malformed EC private key");
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) return first;
        int n = first & 0x7f;
        if (n > 3) throw new GeneralSecurityException("malformed EC private key");
        int len = 0;
        for (int i = 0; i < n; i++) {
            if (at[0] >= der.length) throw new GeneralSecurityException("malformed EC private key");
            len = (len << 8) | (der[at[0]++] & 0xff);
        }
        if (len > der.length - at[0]) throw new GeneralSecurityException("malformed EC private key");
        return len;
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] octets(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
