package dev.shoal.internal.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** curl's --pinnedpubkey syntax, without a socket. */
class PinnedKeysTest {
    static final String A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String B = Base64.getEncoder().encodeToString(filled(32, 7));

    static byte[] filled(int n, int b) {
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, (byte) b);
        return bytes;
    }

    @Test
    void hashesJoinedBySemicolons() {
        assertEquals(List.of(A), PinnedKeys.parse("sha256//" + A));
        assertEquals(List.of(A, B), PinnedKeys.parse("sha256//" + A + ";sha256//" + B));
        assertEquals(List.of(A, B), PinnedKeys.parse(" sha256//" + A + " ; sha256//" + B + " "));
    }

    @Test
    void aPinThatIsNotASha256HashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse("sha256//" + A + ";md5//" + B));
        assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse("sha256//not*base64"));
        assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse("sha256//" + Base64.getEncoder().encodeToString(new byte[20])));
        assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse("/no/such/key.pem"));
    }

    @Test
    void aPublicKeyFileInPemOrDerPinsThatKey(@TempDir Path dir) throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded();
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        Path der = Files.write(dir.resolve("key.der"), spki);
        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(spki) + "\n-----END PUBLIC KEY-----\n");
        assertEquals(List.of(expected), PinnedKeys.parse(der.toString()));
        assertEquals(List.of(expected), PinnedKeys.parse(pem.toString()));
    }

    @Test
    void aFileWithoutAPublicKeyIsRefusedNotAPinNoServerMatches(@TempDir Path dir) throws Exception {
        java.security.KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path privateKey = Files.writeString(dir.resolve("private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path privateDer = Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
        for (Path notAPublicKey : new Path[] {empty, privateKey, privateDer}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PinnedKeys.parse(notAPublicKey.toString()));
            assertEquals(notAPublicKey + ": no public key (PEM -----BEGIN PUBLIC KEY----- or DER); "
                    + "a certificate's is printed by openssl x509 -in CERT -pubkey -noout", e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PinnedKeys.parse(dir.resolve("missing").toString()));
        assertEquals("cannot read the public key file " + dir.resolve("missing") + ": no such file", missing.getMessage());
    }
}
