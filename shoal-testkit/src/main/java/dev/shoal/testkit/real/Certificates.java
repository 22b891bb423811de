package dev.shoal.testkit.real;

import java.nio.file.Path;
import java.util.List;

/**
 * Test certificates made with {@code openssl} (Debian package {@code openssl}) into a folder: a CA, a server
 * certificate it signed for {@code localhost} and {@code 127.0.0.1}, one it signed for another name only, and
 * a self-signed one for {@code localhost}. EC P-256 keys, valid for two days.
 */
public record Certificates(Path ca, Path localhostCert, Path localhostKey, Path otherNameCert, Path otherNameKey,
                           Path selfSignedCert, Path selfSignedKey) {

    public static Certificates generate(Path dir) {
        String openssl = Binaries.require("openssl", "openssl");
        Commands.write(dir.resolve("localhost.ext"), leafExtensions("DNS:localhost,IP:127.0.0.1"));
        Commands.write(dir.resolve("other.ext"), leafExtensions("DNS:other.example"));
        run(dir, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Shoal Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        signed(dir, openssl, "localhost", "localhost.ext");
        signed(dir, openssl, "other", "other.ext");
        run(dir, openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "self.key", "-out", "self.pem", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        return new Certificates(dir.resolve("ca.pem"), dir.resolve("localhost.pem"), dir.resolve("localhost.key"),
                dir.resolve("other.pem"), dir.resolve("other.key"), dir.resolve("self.pem"), dir.resolve("self.key"));
    }

    /** How a client key is written: PKCS#8, or OpenSSL's traditional forms (PKCS#1 RSA, SEC1 EC). */
    public enum KeyForm { EC_PKCS8, RSA_PKCS1, EC_SEC1 }

    /** A client certificate ({@code name.pem}, clientAuth) signed by this CA, and its key ({@code name.key}). */
    public record Client(Path cert, Path key) {
    }

    /** Makes a client certificate for {@code CN=name} signed by this CA, its key in the given form. */
    public Client client(String name, KeyForm form) {
        Path dir = ca.getParent();
        String openssl = Binaries.require("openssl", "openssl");
        String key = name + ".key";
        switch (form) {
            case EC_PKCS8 -> run(dir, openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            case RSA_PKCS1 -> run(dir, openssl, "genrsa", "-traditional", "-out", key, "2048");
            case EC_SEC1 -> run(dir, openssl, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key);
        }
        Commands.write(dir.resolve("client.ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=clientAuth\n");
        run(dir, openssl, "req", "-new", "-key", key, "-out", name + ".csr", "-subj", "/CN=" + name);
        run(dir, openssl, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", "client.ext");
        return new Client(dir.resolve(name + ".pem"), dir.resolve(key));
    }

    private static void signed(Path dir, String openssl, String name, String extensions) {
        run(dir, openssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        run(dir, openssl, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", extensions);
    }

    private static String leafExtensions(String names) {
        return "subjectAltName=" + names + "\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                + "extendedKeyUsage=serverAuth\n";
    }

    private static void run(Path dir, String... command) {
        Commands.run(List.of(command), dir, 30);
    }
}
