package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.TestCertificate;
import dev.shoal.testkit.real.Tinyproxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network options of {@code shoal fetch}, end to end: a child process per run, against servers on
 * loopback (a real tinyproxy for the proxy variables), its rows read back from the output file.
 */
@Timeout(300)
class NetworkOptionsProcessTest {
    private static final List<String> PROXY_VARIABLES = List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
            "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY");

    @TempDir
    static Path dir;
    static FaultServer server;

    @BeforeAll
    static void start() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code shoal fetch ARGS -o rows} with {@code env} added to a proxy-free environment; the rows by index. */
    private static List<JsonNode> fetch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path rows = Files.createTempFile(dir, "rows", ".jsonl");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", rows.toString(), "--no-progress", "--connect-timeout", "10", "-m", "60"));
        ProcessBuilder pb = new ProcessBuilder(FetchProcess.command(List.of("-Xmx128m"), all.toArray(String[]::new)))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("fetch.log").toFile());
        PROXY_VARIABLES.forEach(pb.environment()::remove);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "shoal fetch ended");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), () -> "exit status; output: " + read(dir.resolve("fetch.log")));
        return new ArrayList<>(Rows.byIndex(Rows.read(rows)).values());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String errorKind(JsonNode row) {
        JsonNode error = row.get("error");
        return error == null || error.isNull() ? null : error.get("kind").asText();
    }

    @Test
    void proxyEnvironmentVariablesRouteThroughTheProxyUnlessNoProxySaysSo() throws Exception {
        try (Tinyproxy proxy = Tinyproxy.start(Files.createTempDirectory(dir, "tinyproxy"))) {
            JsonNode proxied = fetch(Map.of("http_proxy", proxy.url()), server.url("/bytes/10?via=proxy")).get(0);
            assertEquals(200, proxied.get("status").asInt(), proxied::toString);
            assertTrue(proxy.log().contains("/bytes/10?via=proxy"), "tinyproxy forwarded it: " + proxy.log());

            JsonNode direct = fetch(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1"),
                    server.url("/bytes/10?via=direct")).get(0);
            assertEquals(200, direct.get("status").asInt(), direct::toString);
            assertFalse(proxy.log().contains("via=direct"), "NO_PROXY bypasses the proxy: " + proxy.log());
        }
    }

    @Test
    void cacertTrustsTheServersCertificateAndInsecureSkipsTheCheck() throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir);
        try (Http2Server tls = Http2Server.builder().tls(certificate).start()) {
            String url = tls.url("/bytes/10");
            assertEquals("tls", errorKind(fetch(Map.of(), url).get(0)), "an unknown CA is refused");
            JsonNode trusted = fetch(Map.of(), "--cacert", certificate.certificatePem().toString(), url).get(0);
            assertEquals(200, trusted.get("status").asInt(), trusted::toString);
            JsonNode insecure = fetch(Map.of(), "-k", url).get(0);
            assertEquals(200, insecure.get("status").asInt(), insecure::toString);
        }
    }

    @Test
    void http2PriorKnowledgeSpeaksHttp2OverCleartext() throws Exception {
        try (Http2Server h2c = Http2Server.start()) {
            JsonNode row = fetch(Map.of(), "--http2-prior-knowledge", h2c.url("/bytes/10")).get(0);
            assertEquals(200, row.get("status").asInt(), row::toString);
            assertEquals("h2", row.get("protocol").asText());
            assertEquals(1, h2c.h2Requests());

            JsonNode without = fetch(Map.of(), h2c.url("/bytes/10")).get(0);
            assertNotEquals("h2", without.get("protocol").asText(), "cleartext is HTTP/1.1 without the option: " + without);
            assertEquals(1, h2c.h2Requests());
        }
    }

    /** One URL a run: a reset on a connection another request left in the pool is replayed unseen, not retried. */
    @Test
    void retryRetriesAsManyTimesAsAsked() throws Exception {
        JsonNode twice = fetch(Map.of(), "--retry", "2", server.url("/flaky?key=twice&times=2")).get(0);
        assertEquals(200, twice.get("status").asInt(), twice::toString);
        assertEquals(3, twice.get("attempts").asInt());
        JsonNode thrice = fetch(Map.of(), "--retry", "2", server.url("/flaky?key=thrice&times=3")).get(0);
        assertEquals("connection_closed", errorKind(thrice), thrice::toString);
        assertEquals(3, thrice.get("attempts").asInt(), "the first try and two retries");
    }

    @Test
    void maxBodyCountsTheDecodedBody() throws Exception {
        // the bomb: 1 MiB of zeros, about 1 KiB as sent
        List<JsonNode> rows = fetch(Map.of(), "--max-body", "5000",
                server.url("/bytes/5000"), server.url("/bytes/5001"), server.url("/gzip-bomb/1"));
        assertEquals(200, rows.get(0).get("status").asInt(), rows.get(0)::toString);
        assertEquals(5000, rows.get(0).get("bytes").asInt());
        assertEquals("body_too_large", errorKind(rows.get(1)), rows.get(1)::toString);
        assertEquals("body_too_large", errorKind(rows.get(2)), "counted decoded, not as sent: " + rows.get(2));
    }
}
