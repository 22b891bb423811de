package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.DnsServer;
import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal fetch --resolve / --connect-to / --dns-servers}, end to end, with a DNS server of our own. */
@Timeout(60)
class DnsOptionsTest {
    private final FaultServer http = FaultServer.start();
    private final DnsServer dns = DnsServer.start();
    private final InProcessShoal shoal = new InProcessShoal();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        http.close();
        dns.close();
    }

    private List<JsonNode> fetch(String... args) throws IOException {
        Path rows = dir.resolve("rows.jsonl");
        int exit = shoal.fetch(List.of("--no-progress", "-o", rows.toString()), args);
        assertEquals(0, exit, shoal.err());
        return Rows.read(rows);
    }

    private static String server(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Test
    void resolveAndConnectToReachTheServerWithTheUrlsHost() throws Exception {
        int port = http.port();
        List<JsonNode> rows = fetch("--dns-servers", server(dns.address()),
                "--resolve", "pinned.test:" + port + ":[::2],127.0.0.1",
                "--connect-to", "moved.test:80:127.0.0.1:" + port,
                "http://pinned.test:" + port + "/status/200", "http://moved.test/status/200");
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            assertEquals(200, row.get("status").asInt(), row.toString());
        }
        List<String> hosts = List.of(http.takeRequest(5, TimeUnit.SECONDS).header("Host"),
                http.takeRequest(5, TimeUnit.SECONDS).header("Host"));
        assertTrue(hosts.contains("pinned.test:" + port) && hosts.contains("moved.test"), hosts.toString());
        assertEquals(0, dns.received(), "DNS was asked for a name given by --resolve or --connect-to");
    }

    @Test
    void dnsServersIsTheOnlyServerAskedAndALostQueryLosesNoRow() throws Exception {
        dns.addSuffix(".test", Duration.ofSeconds(60), "127.0.0.1").dropFirstQuery(true).nxdomain("gone.test");
        Path input = dir.resolve("urls.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add("http://n" + i + ".test:" + http.port() + "/status/200");
        }
        lines.add("http://gone.test:" + http.port() + "/");
        Files.write(input, lines);
        Map<Long, JsonNode> rows = Rows.byIndex(fetch("--dns-servers", server(dns.address()), "--retry", "2", "-i", input.toString()));
        assertEquals(21, rows.size());
        for (long i = 0; i < 20; i++) {
            assertEquals(200, rows.get(i).get("status").asInt(), rows.get(i).toString());
            assertNull(Rows.kind(rows.get(i)));
        }
        JsonNode gone = rows.get(20L);
        assertEquals("dns", Rows.kind(gone));
        assertEquals(1, gone.get("attempts").asInt(), "NXDOMAIN was retried: " + gone);
    }

    @Test
    void aBadValueIsAUsageError() {
        int exit = shoal.run("fetch", "--resolve", "a.test:80:not-an-address", "http://a.test/");
        assertEquals(2, exit);
        assertTrue(shoal.err().contains("--resolve"), shoal.err());
    }
}
