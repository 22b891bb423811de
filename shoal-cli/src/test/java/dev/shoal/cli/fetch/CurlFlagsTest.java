package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl's everyday flags on {@code shoal fetch}: cookie files, the retry flags and the global rate. */
@Timeout(60)
class CurlFlagsTest {
    static FaultServer server;

    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    static final java.util.Queue<Long> ARRIVALS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        server = FaultServer.start();
        server.route("/paced", (request, reply) -> {
            ARRIVALS.add(System.nanoTime());
            reply.status(200).body("ok");
        });
        server.route("/login", (request, reply) -> reply.status(200)
                .header("Set-Cookie", "fresh=v2secret; Path=/; Max-Age=3600").body("in"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private int fetch(String... args) {
        return shoal.fetch(List.of("--no-progress", "-o", dir.resolve("rows.jsonl").toString()), args);
    }

    private List<JsonNode> rows() throws IOException {
        return Rows.read(dir.resolve("rows.jsonl"));
    }

    @Test
    void aCookieFileThatIsNotUtf8TextIsOneClearLine() throws Exception {
        Path binary = Files.write(dir.resolve("binary.txt"), new byte[] {'s', 'i', 'd', '\t', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(1, fetch("-b", binary.toString(), server.url("/login")));
        assertEquals("shoal: cannot read -b " + binary + ": not UTF-8 text", shoal.err().strip());
    }

    @Test
    void cookiesAreReadFromOneCurlFileAndWrittenToAnotherWithoutShowingTheirValues() throws Exception {
        Path in = dir.resolve("in.txt");
        Path jar = dir.resolve("out/jar.txt");
        Files.writeString(in, "# Netscape HTTP Cookie File\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t\nnot a cookie\n");
        while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) { }  // the requests of earlier tests
        assertEquals(0, fetch("-c", "1", "-b", in.toString(), "--cookie-jar", jar.toString(),
                server.url("/status/200?first"), server.url("/login")), shoal::err);
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals("sid=s3cr3t", first.header("Cookie"));
        String written = Files.readString(jar);
        assertTrue(written.startsWith("# Netscape HTTP Cookie File"), written);
        assertTrue(written.contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t\n"), written);
        assertTrue(written.contains("127.0.0.1\tFALSE\t/\tFALSE\t"), written);
        assertTrue(written.contains("\tfresh\tv2secret\n"), written);
        String shown = Files.readString(dir.resolve("rows.jsonl")) + shoal.out() + shoal.err();
        assertFalse(shown.contains("s3cr3t") || shown.contains("v2secret"), shown);
        assertTrue(shoal.err().contains("1 line(s) that are not cookies"), shoal.err());

        // the file written is read back by the next run: the cookie the server set goes with its requests
        assertEquals(0, fetch("-b", jar.toString(), server.url("/status/200?second")), shoal::err);
        RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
        while (second != null && !second.uri().contains("second")) second = server.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(second);
        assertEquals("sid=s3cr3t; fresh=v2secret", second.header("Cookie"));
    }

    @Test
    void aCookieFileThatDoesNotExistYetIsNoErrorButALiteralCookieIs() throws IOException {
        assertEquals(0, fetch("-b", dir.resolve("none.txt").toString(), server.url("/status/200")), shoal::err);
        assertEquals(200, rows().get(0).get("status").asInt());
        assertEquals(2, fetch("-b", "sid=1", server.url("/status/200")));
        assertTrue(shoal.err().contains("-H 'Cookie: NAME=VALUE'"), shoal.err());
        assertEquals(2, fetch("--no-cookies", "--cookie-jar", dir.resolve("j").toString(), server.url("/status/200")));
    }

    @Test
    void retryOnNamesTheStatusesRetried() throws IOException {
        assertEquals(0, fetch("--retry", "2", "--retry-on", "500,418", server.url("/status/500")), shoal::err);
        assertEquals(3, rows().get(0).get("attempts").asInt());
        assertEquals(0, fetch("--retry", "2", "--retry-on", "5xx", "--retry-max-time", "0.001", server.url("/status/503")), shoal::err);
        assertEquals(1, rows().get(0).get("attempts").asInt(), "no retry starts after --retry-max-time");
        assertEquals(2, fetch("--retry-on", "oops", server.url("/status/500")));
        assertTrue(shoal.err().contains("--retry-on"), shoal.err());
    }

    @Test
    void retryAllErrorsRetriesAProtocolError() throws IOException {
        assertEquals(0, fetch("--retry", "1", server.url("/garbage")), shoal::err);
        assertEquals(1, rows().get(0).get("attempts").asInt());
        assertEquals(0, fetch("--retry", "1", "--retry-all-errors", server.url("/garbage")), shoal::err);
        assertEquals(2, rows().get(0).get("attempts").asInt());
    }

    @Test
    void aGlobalRateHoldsOverAllHosts() throws IOException {
        List<String> args = new ArrayList<>(List.of("--global-rate", "600/m"));
        for (int i = 0; i < 6; i++) {
            args.add(server.url("/paced?" + i));
            args.add(server.url("/paced?" + i).replace("127.0.0.1", "localhost"));
        }
        ARRIVALS.clear();
        assertEquals(0, fetch(args.toArray(new String[0])), shoal::err);
        assertEquals(12, rows().size());
        List<Long> at = new ArrayList<>(ARRIVALS);
        java.util.Collections.sort(at);
        // 10/s overall: 1.1 s from the first to the last, give or take a connection set up after its turn came
        double span = (at.get(at.size() - 1) - at.get(0)) / 1e9;
        assertTrue(span >= 0.9, "12 requests to two hosts at 10/s overall came within " + span + " s");
    }

    @Test
    void helpNamesEveryFlag() {
        shoal.run("fetch", "--help");
        for (String flag : List.of("--global-rate", "--retry-all-errors", "--retry-max-time", "--retry-on", "--cookie",
                "--cookie-jar", "--cert", "--key", "--pinnedpubkey", "--unix-socket")) {
            assertTrue(shoal.out().contains(flag), flag);
        }
    }
}
