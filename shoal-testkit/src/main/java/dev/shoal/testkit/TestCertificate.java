package dev.shoal.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made at test time by the
 * JDK's own {@code keytool} (no library needed): the key pair in a PKCS#12 store for servers, the certificate
 * as PEM for a client to trust, as {@code curl --cacert} would.
 */
public final class TestCertificate {
    private static final String PASSWORD = "shoal-test";

    private final Path keyStore;
    private final Path certificatePem;

    private TestCertificate(Path keyStore, Path certificatePem) {
        this.keyStore = keyStore;
        this.certificatePem = certificatePem;
    }

    /** Generates a new certificate (EC P-256, valid 30 days) in a fresh directory under {@code dir}. */
    public static TestCertificate generate(Path dir) {
        return generate(dir, "dns:localhost,ip:127.0.0.1");
    }

    /** As {@link #generate(Path)}, for the subject alternative names {@code san} in keytool's form ({@code dns:a.test,ip:...}). */
    public static TestCertificate generate(Path dir, String san) {
        try {
            Path home = Files.createTempDirectory(dir, "cert");
            Path store = home.resolve("server.p12");
            Path pem = home.resolve("server.pem");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "san=" + san, "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                    "-file", pem.toString());
            return new TestCertificate(store, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate as PEM: what a client trusts to accept this server. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The server's key and certificate, for an {@code SslContextBuilder.forServer}. */
    public KeyManagerFactory keyManagerFactory() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD.toCharArray());
            return kmf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test key store", e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
