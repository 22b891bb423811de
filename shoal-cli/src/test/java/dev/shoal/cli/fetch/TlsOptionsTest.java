package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cacert}, {@code -k} and {@code --tls-provider} of {@code shoal fetch}, on each TLS engine. */
@Timeout(60)
class TlsOptionsTest {
    @TempDir
    static Path certs;
    static TestCertificate certificate;
    static Http2Server server;

    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    @BeforeAll
    static void start() {
        certificate = TestCertificate.generate(certs);
        server = Http2Server.builder().tls(certificate).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private int fetch(String... args) {
        return shoal.fetch(List.of("--no-progress", "-o", dir.resolve("rows.jsonl").toString()), args);
    }

    private JsonNode onlyRow() throws IOException {
        List<JsonNode> rows = Rows.read(dir.resolve("rows.jsonl"));
        assertEquals(1, rows.size(), rows::toString);
        return rows.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl", "auto", "OpenSSL"})
    void cacertIsTrustedOnEachEngine(String provider) throws IOException {
        assertEquals(0, fetch("--tls-provider", provider, "--cacert", certificate.certificatePem().toString(),
                server.url("/bytes/100")), shoal::err);
        JsonNode row = onlyRow();
        assertEquals(200, row.get("status").asInt(), row::toString);
        assertEquals("h2", row.get("protocol").asText(), row::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void anUnknownIssuerIsATlsRowUnlessInsecure(String provider) throws IOException {
        assertEquals(0, fetch("--tls-provider", provider, server.url("/bytes/100")), shoal::err);
        assertEquals("tls", Rows.kind(onlyRow()));

        assertEquals(0, fetch("--tls-provider", provider, "-k", server.url("/bytes/100")), shoal::err);
        assertEquals(200, onlyRow().get("status").asInt());
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        assertEquals(ExitStatus.USAGE, fetch("--tls-provider", "gnutls", server.url("/bytes/100")));
        assertTrue(shoal.err().contains("--tls-provider must be auto, openssl or jdk"), shoal.err());
    }

    @Test
    void aCaFileThatIsNotPemIsAUsageError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        assertEquals(ExitStatus.USAGE, fetch("--cacert", notPem.toString(), server.url("/bytes/100")));
        assertTrue(shoal.err().contains("cannot set up TLS"), shoal.err());
    }

    @Test
    void versionNamesTheTlsEngineInUse() {
        assertEquals(0, shoal.run("--version"));
        assertTrue(shoal.out().contains("TLS: OpenSSL (BoringSSL)"), shoal.out());
        assertTrue(shoal.out().contains("Encodings: gzip, deflate, br, zstd"), shoal.out());
    }
}
