package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.Main;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private final StringWriter err = new StringWriter();

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
        List<String> all = new ArrayList<>(List.of("fetch", "--no-progress", "-o", dir.resolve("rows.jsonl").toString()));
        all.addAll(List.of(args));
        return Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute(all.toArray(new String[0]));
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
                server.url("/bytes/100")), err::toString);
        JsonNode row = onlyRow();
        assertEquals(200, row.get("status").asInt(), row::toString);
        assertEquals("h2", row.get("protocol").asText(), row::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "openssl"})
    void anUnknownIssuerIsATlsRowUnlessInsecure(String provider) throws IOException {
        assertEquals(0, fetch("--tls-provider", provider, server.url("/bytes/100")), err::toString);
        assertEquals("tls", Rows.kind(onlyRow()));

        assertEquals(0, fetch("--tls-provider", provider, "-k", server.url("/bytes/100")), err::toString);
        assertEquals(200, onlyRow().get("status").asInt());
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        assertEquals(ExitStatus.USAGE, fetch("--tls-provider", "gnutls", server.url("/bytes/100")));
        assertTrue(err.toString().contains("--tls-provider must be auto, openssl or jdk"), err.toString());
    }

    @Test
    void aCaFileThatIsNotPemIsAUsageError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
        assertEquals(ExitStatus.USAGE, fetch("--cacert", notPem.toString(), server.url("/bytes/100")));
        assertTrue(err.toString().contains("cannot set up TLS"), err.toString());
    }

    @Test
    void versionNamesTheTlsEngineInUse() {
        StringWriter version = new StringWriter();
        assertEquals(0, Main.commandLine(new PrintWriter(version, true), new PrintWriter(err, true)).execute("--version"));
        assertTrue(version.toString().contains("TLS: OpenSSL (BoringSSL)"), version.toString());
        assertTrue(version.toString().contains("Encodings: gzip, deflate, br, zstd"), version.toString());
    }
}
