package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal fetch} run in-process against the testkit's fault server. */
class FetchCommandTest {
    private static FaultServer server;

    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    @BeforeAll
    static void startServer() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetServer() {
        server.resetStats();
    }

    private int fetch(String... args) {
        return shoal.fetch(List.of(), args);
    }

    private Path input(String... lines) throws IOException {
        return Files.write(dir.resolve("input.txt"), List.of(lines));
    }

    @Test
    void everyRequestLineGetsExactlyOneRowWhateverHappensToItAndTheRunSucceeds() throws IOException {
        Path input = input(
                "# a comment, no index",
                server.url("/status/200"),
                "",
                server.url("/status/404"),
                "{\"url\": \"" + server.url("/echo") + "\", \"method\": \"POST\", \"body\": \"hi\"}",
                "{this is not json",
                "not a url",
                "ftp://files.test/x",
                "http://127.0.0.1:" + FaultServer.closedPort() + "/",
                server.url("/never"),
                server.url("/redirect-loop"),
                server.url("/reset"),
                server.url("/garbage"));
        Path rowsFile = dir.resolve("rows.jsonl");

        int status = fetch("-i", input.toString(), "-o", rowsFile.toString(), "--read-timeout", "1.5", "-m", "4",
                "--connect-timeout", "2");

        assertEquals(ExitStatus.OK, status, shoal.err());
        Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), List.copyOf(rows.keySet()));
        assertEquals(200, rows.get(0L).get("status").asInt(), rows.toString());
        assertEquals(404, rows.get(1L).get("status").asInt());
        assertNull(Rows.kind(rows.get(1L)), "a 404 is a response, not an error");
        assertEquals("POST", rows.get(2L).get("method").asText());
        assertEquals("invalid_request", Rows.kind(rows.get(3L)));
        assertEquals("invalid_url", Rows.kind(rows.get(4L)));
        assertEquals("unsupported_scheme", Rows.kind(rows.get(5L)));
        assertEquals("connect_refused", Rows.kind(rows.get(6L)));
        assertEquals("read_timeout", Rows.kind(rows.get(7L)));
        assertEquals("too_many_redirects", Rows.kind(rows.get(8L)));
        assertEquals("connection_closed", Rows.kind(rows.get(9L)));
        assertEquals("protocol", Rows.kind(rows.get(10L)));
        for (JsonNode row : rows.values()) {
            assertEquals(row.has("error"), row.get("status").isNull(), row.toString());
        }

        String summary = shoal.err();
        assertTrue(summary.contains("11 requests"), summary);
        assertTrue(summary.contains("404: 1"), summary);
        assertTrue(summary.contains("read_timeout: 1"), summary);
        assertTrue(summary.contains("latency  p50"), summary);
        assertFalse(summary.contains("\r"), "no progress line when stderr is not a terminal");
    }

    @Test
    void urlArgumentsComeBeforeTheInputAndRowsGoToStdoutByDefault() throws IOException {
        Path input = input(server.url("/status/201"));
        Path rowsFile = dir.resolve("rows.jsonl");
        assertEquals(ExitStatus.OK, fetch(server.url("/status/202"), "-i", input.toString(), "-o", rowsFile.toString()));

        Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));
        assertEquals(202, rows.get(0L).get("status").asInt());
        assertEquals(201, rows.get(1L).get("status").asInt());
    }

    @Test
    void outputThatCannotBeWrittenIsOneLineAndExitStatusOne() {
        int status = fetch(server.url("/status/200"), "-o", dir.resolve("no/such/dir/rows.jsonl").toString());

        assertEquals(ExitStatus.FATAL, status);
        assertEquals(1, shoal.err().lines().count(), shoal.err());
        assertTrue(shoal.err().startsWith("shoal: cannot write rows to "), shoal.err());
        assertEquals(0, server.requests(), "nothing is fetched for nowhere");
    }

    @Test
    void writeFailureDuringTheRunStopsItWithOneLineAndExitStatusOne() {
        Path full = Path.of("/dev/full"); // every write fails with "no space left on device"
        Assumptions.assumeTrue(Files.isWritable(full));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            args.add(server.url("/delay/50?i=" + i)); // about 0.6 s at 4 in flight: rows are flushed on the way
        }
        args.addAll(List.of("-o", full.toString(), "-c", "4"));

        assertEquals(ExitStatus.FATAL, fetch(args.toArray(new String[0])));
        String lastLine = shoal.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("shoal: cannot write rows to /dev/full: No space left on device", lastLine);
        assertTrue(server.requests() < 50, "the run stopped at the failure: " + server.requests() + " requests");
    }

    @Test
    void outputThatIsADirectoryIsAFatalError() {
        assertEquals(ExitStatus.FATAL, fetch(server.url("/status/200"), "-o", dir.toString()));
        assertTrue(shoal.err().startsWith("shoal: cannot write rows to "), shoal.err());
    }

    @Test
    void bodiesDirectoryThatIsAFileIsAFatalErrorThatSaysSo() throws IOException {
        Path file = Files.writeString(dir.resolve("bodies"), "");
        assertEquals(ExitStatus.FATAL, fetch(server.url("/status/200"), "--bodies", file.toString()));
        assertEquals("shoal: cannot create --bodies directory " + file + ": a file of that name exists", shoal.err().strip());
    }

    @Test
    void missingInputFileIsAFatalError() {
        assertEquals(ExitStatus.FATAL, fetch("-i", dir.resolve("absent.txt").toString()));
        assertEquals("shoal: cannot read input " + dir.resolve("absent.txt") + ": no such file or directory",
                shoal.err().strip());
    }

    @Test
    void outputThatIsTheInputFileIsAUsageErrorAndLeavesTheInputAsItWas() throws IOException {
        Path input = input(server.url("/status/200?i=0"), server.url("/status/200?i=1"));
        List<String> before = Files.readAllLines(input);
        Path sameFile = dir.resolve(".").resolve("input.txt");  // another name for it

        for (List<String> resume : List.of(List.<String>of(), List.of("--resume"))) {
            InProcessShoal run = new InProcessShoal();
            List<String> args = new ArrayList<>(resume);
            args.addAll(List.of("-i", input.toString(), "-o", sameFile.toString()));
            assertEquals(ExitStatus.USAGE, run.fetch(List.of(), args.toArray(new String[0])), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("shoal fetch: -o "), run.err());
            assertEquals(before, Files.readAllLines(input), "the input file was overwritten");
        }
        assertEquals(0, server.requests());
    }

    @Test
    void resumeFetchesOnlyTheIndexesWithoutARowAndAppendsThem() throws IOException, InterruptedException {
        Path input = input(server.url("/status/200?i=0"), server.url("/status/200?i=1"), "{broken",
                server.url("/status/200?i=3"), server.url("/status/200?i=4"));
        Path rowsFile = dir.resolve("rows.jsonl");
        Files.writeString(rowsFile, "{\"index\":0,\"url\":\"" + server.url("/status/200?i=0") + "\",\"method\":\"GET\","
                + "\"status\":200}\n{\"index\":2,\"url\":null,\"method\":null,\"status\":null}\n{\"index\":3,\"sta");

        int status = fetch("-i", input.toString(), "-o", rowsFile.toString(), "--resume");

        assertEquals(ExitStatus.OK, status, shoal.err());
        Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), List.copyOf(rows.keySet()));
        List<String> fetched = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            fetched.add(request.uri());
        }
        fetched.sort(null);
        assertEquals(List.of("/status/200?i=1", "/status/200?i=3", "/status/200?i=4"), fetched);
        assertTrue(shoal.err().contains("2 requests already had a row"), shoal.err());
    }

    @Test
    void resumeRefusesAFileThatIsNotShoalOutput() throws IOException {
        Path rowsFile = Files.writeString(dir.resolve("notes.txt"), "my precious notes\n");
        assertEquals(ExitStatus.FATAL, fetch(server.url("/status/200"), "-o", rowsFile.toString(), "--resume"));
        assertEquals("my precious notes\n", Files.readString(rowsFile));
        assertTrue(shoal.err().startsWith("shoal: cannot resume"), shoal.err());
    }

    @Test
    void hashAndBodiesAddTheirColumnsAndSaveEachBodyUnderItsIndex() throws IOException, NoSuchAlgorithmException {
        Path rowsFile = dir.resolve("rows.jsonl");
        Path bodies = dir.resolve("bodies");
        assertEquals(ExitStatus.OK, fetch(server.url("/bytes/1000"), server.url("/never"), "--read-timeout", "0.3",
                "--hash", "--bodies", bodies.toString(), "-o", rowsFile.toString()));

        Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));
        byte[] expected = FaultServer.bytesFor(1000);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        assertEquals(sha256, rows.get(0L).get("sha256").asText());
        assertEquals(bodies.resolve("0").toString(), rows.get(0L).get("body_path").asText());
        assertArrayEquals(expected, Files.readAllBytes(bodies.resolve("0")));
        assertTrue(rows.get(1L).get("sha256").isNull());
        assertTrue(rows.get(1L).get("body_path").isNull());
        assertFalse(Files.exists(bodies.resolve("1")), "a failed body is not left behind");
    }

    @Test
    void headersMethodBodyAndCredentialsAreSentButCredentialsAreNeverWritten() throws IOException, InterruptedException {
        Path rowsFile = dir.resolve("rows.jsonl");
        assertEquals(ExitStatus.OK, fetch(server.url("/echo"), "-X", "PUT", "-H", "X-Trace: 42", "-u", "ann:s3cret",
                "-d", "a=1", "-o", rowsFile.toString()));

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertNotNull(request);
        assertEquals("PUT", request.method());
        assertEquals("42", request.header("X-Trace"));
        assertEquals("Basic YW5uOnMzY3JldA==", request.header("Authorization"));
        assertEquals("application/x-www-form-urlencoded", request.header("Content-Type"));
        assertEquals("a=1", request.bodyUtf8());
        String rows = Files.readString(rowsFile);
        assertFalse(rows.contains("s3cret") || rows.contains("YW5uOnMzY3JldA"), rows);
    }

    @Test
    void dataFromAFileIsSentAsItIs() throws IOException, InterruptedException {
        Path body = Files.write(dir.resolve("body.json"), "{\"a\":\n1}\n".getBytes());
        assertEquals(ExitStatus.OK, fetch(server.url("/echo"), "-d", "@" + body, "-H", "Content-Type: application/json",
                "-o", dir.resolve("rows.jsonl").toString()));

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", request.method());
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("{\"a\":\n1}\n", request.bodyUtf8());
    }

    @Test
    void concurrencyAndPerHostBoundTheConnectionsTheServerSees() throws IOException {
        try (FaultServer own = FaultServer.start()) { // no connections left over from other tests
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                lines.add(own.url("/delay/50?i=" + i));
            }
            Path input = Files.write(dir.resolve("input.txt"), lines);
            assertEquals(ExitStatus.OK, fetch("-i", input.toString(), "-c", "20", "--per-host", "3",
                    "-o", dir.resolve("rows.jsonl").toString()));

            assertEquals(3, own.maxOpenConnections());
            assertEquals(40, own.requests());
            assertEquals(40, Rows.read(dir.resolve("rows.jsonl")).size());
        }
    }

    @Test
    void timingsAddEachPhaseInMillisecondsAndEveryRowThatConnectedSaysWhere() throws IOException {
        Path rowsFile = dir.resolve("rows.jsonl");
        int refused = FaultServer.closedPort();
        assertEquals(ExitStatus.OK, fetch(server.url("/delay/300"), "not a url", "-c", "1", "--timings", "--no-progress",
                "-o", rowsFile.toString()));
        assertEquals(ExitStatus.OK, fetch("http://127.0.0.1:" + refused + "/", "--no-progress",
                "-o", dir.resolve("plain.jsonl").toString()));
        Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));

        JsonNode t = rows.get(0L).get("timings");
        assertTrue(t.get("wait").asDouble() >= 290, t::toString);
        assertTrue(t.get("connect").asDouble() > 0, t::toString);
        assertEquals(0.0, t.get("dns").asDouble(), t::toString);
        assertEquals(0.0, t.get("tls").asDouble(), t::toString);
        assertTrue(t.get("total").asDouble() >= t.get("wait").asDouble() + t.get("download").asDouble(), t::toString);
        List<String> names = new ArrayList<>();
        t.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("queued", "dns", "connect", "tls", "wait", "download", "total"), names);
        assertEquals("127.0.0.1", rows.get(0L).get("remote_ip").asText());
        assertTrue(rows.get(1L).get("timings").isNull(), "a line that never became a request has no timings");
        assertTrue(rows.get(1L).get("remote_ip").isNull());

        JsonNode plain = Rows.read(dir.resolve("plain.jsonl")).get(0);
        assertTrue(plain.get("remote_ip").isNull(), "never connected");
        assertFalse(plain.has("timings"), "no timings unless asked");
    }
}
