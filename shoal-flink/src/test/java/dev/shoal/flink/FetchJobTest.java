package dev.shoal.flink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.LatencyServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example job as a user runs it, on a local mini cluster with two parallel tasks, over a URL file of
 * 10,000 requests: mostly quick answers from a latency server, and every kind of failure a URL file can hold
 * (from the fault server). The job runs once (in the first test that needs it); each test checks one property
 * of that run.
 */
class FetchJobTest {
    private static final int REQUESTS = 10_000;
    private static final int PARALLELISM = 2;
    private static final int PER_HOST = 8;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @TempDir
    static Path dir;

    private static LatencyServer server;
    private static FaultServer faults;
    private static int closedPort;
    private static JobRun run;

    private record JobRun(int exit, String stderr, List<JsonNode> rows, int maxOpenConnections, long served,
                          int openAfterJob) {
    }

    @BeforeAll
    static void startServer() {
        server = LatencyServer.start(1);
        faults = FaultServer.start();
        closedPort = FaultServer.closedPort();
    }

    @AfterAll
    static void stopServer() {
        server.close();
        faults.close();
    }

    /** What line {@code i} of the URL file asks for: one failure of each kind per thousand, else a quick 200. */
    private static String line(int i) {
        return switch (i % 1000) {
            case 1 -> faults.url("/status/404");
            case 2 -> "http://127.0.0.1:" + closedPort + "/";
            case 3 -> "not a url";
            case 4 -> "{\"url\": ";
            case 5 -> "{\"url\": \"" + faults.url("/echo") + "\", \"method\": \"POST\", \"body\": \"hello\"}";
            case 6 -> faults.url("/reset");
            case 7 -> i == 7 ? faults.url("/never") : faults.url("/status/500");
            default -> server.url("/delay/1");
        };
    }

    private static String expected(long i) {
        return switch ((int) (i % 1000)) {
            case 1 -> "status 404";
            case 2 -> "connect_refused";
            case 3 -> "invalid_url";
            case 4 -> "invalid_request";
            case 6 -> "connection_closed";
            case 7 -> i == 7 ? "timeout" : "status 500";
            default -> "status 200";
        };
    }

    private static synchronized JobRun run() throws IOException {
        if (run == null) {
            List<String> lines = new ArrayList<>();
            lines.add("# a URL file in the input format of shoal fetch");
            for (int i = 0; i < REQUESTS; i++) {
                if (i % 2500 == 0) {
                    lines.add("");
                    lines.add("# batch " + i / 2500);
                }
                lines.add(line(i));
            }
            Path input = Files.write(dir.resolve("urls.txt"), lines);
            Path output = dir.resolve("out");
            StringWriter err = new StringWriter();
            int exit = FetchJob.commandLine().setErr(new PrintWriter(err)).execute(
                    "--input", input.toString(), "--output", output.toString(), "--parallelism", "" + PARALLELISM,
                    "--concurrency", "32", "--per-host", "" + PER_HOST, "--max-time", "5",
                    "--checkpoint-interval", "0.5");
            run = new JobRun(exit, err.toString(), OutputRows.read(output), server.maxOpenConnections(),
                    server.requests(), openConnectionsSettled());
            assertTrue(OutputRows.uncommitted(output).isEmpty(), "uncommitted files left in " + output);
        }
        return run;
    }

    @Test
    void tenThousandRequestsGiveTenThousandRowsEachIndexOnce() throws IOException {
        JobRun job = run();

        assertEquals(0, job.exit(), job.stderr());
        assertEquals(REQUESTS, job.rows().size());
        Map<Long, Long> counts = OutputRows.countByIndex(job.rows());
        assertEquals(LongStream.range(0, REQUESTS).boxed().toList(), List.copyOf(counts.keySet()));
        assertTrue(counts.values().stream().allMatch(c -> c == 1), "an index has more than one row");
    }

    @Test
    void failedRequestsBecomeRowsOfTheirKind() throws IOException {
        Map<Long, JsonNode> rows = OutputRows.byIndex(run().rows());

        Map<Long, String> wrong = rows.entrySet().stream()
                .filter(e -> !OutputRows.what(e.getValue()).equals(expected(e.getKey())))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toString()));
        assertEquals(Map.of(), wrong);
        // Shoal's deadline, not Flink's backstop behind it, timed the request out (5 s: one task owns each host,
        // and its first requests in a cold JVM on a busy machine took more than 1 s)
        String timeout = rows.get(7L).get("error").get("message").asText();
        assertTrue(timeout.startsWith("deadline of 5"), timeout);
        assertEquals("POST", rows.get(5L).get("method").asText());
        assertTrue(rows.get(5L).get("bytes").asLong() > 0);
    }

    @Test
    void perHostBoundHoldsForTheWholeJobAsCountedAtTheServer() throws IOException {
        JobRun job = run();

        assertEquals(REQUESTS - 7L * (REQUESTS / 1000), job.served(), "requests served by the latency server");
        // one task owns the host, so the two tasks together never exceed one task's bound
        assertTrue(job.maxOpenConnections() <= PER_HOST,
                "at most " + PER_HOST + " connections for the job, saw " + job.maxOpenConnections());
    }

    @Test
    void eachTaskClosesItsClientWhenTheJobEnds() throws IOException {
        // well before the clients' 4 s idle timeout could have closed the connections
        assertEquals(0, run().openAfterJob());
    }

    /**
     * Connections the latency server still has open 3 s after the job, or 0 as soon as it has none: still
     * before the clients' 4 s idle timeout, so only their close can have closed them (a loaded machine
     * needed more than a second).
     */
    private static int openConnectionsSettled() {
        long until = System.nanoTime() + 3_000_000_000L;
        while (server.openConnections() > 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return server.openConnections();
    }

    @Test
    void aMissingInputOrAFullOutputIsAUsageError() throws IOException {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("rows-old.jsonl"), "{}\n");
        Path urls = Files.writeString(dir.resolve("one.txt"), "http://127.0.0.1:1/\n");

        assertEquals(2, FetchJob.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("--input", dir.resolve("absent.txt").toString(), "--output", dir.resolve("o1").toString()));
        assertEquals(2, FetchJob.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("--input", urls.toString(), "--output", full.toString()));
        assertEquals(2, FetchJob.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("--input", urls.toString(), "--output", dir.resolve("o2").toString(), "--concurrency", "0"));
    }

    @Test
    void mainThrowsAUsageErrorRatherThanExitingTheJvmItRunsIn() throws IOException {
        // inside a JobManager (a REST submission), System.exit would end the JobManager; here, the test JVM
        Path urls = Files.writeString(dir.resolve("main.txt"), "http://127.0.0.1:1/\n");

        FetchJob.UsageException absent = assertThrows(FetchJob.UsageException.class, () -> FetchJob.main(new String[] {
                "--input", dir.resolve("absent.txt").toString(), "--output", dir.resolve("o3").toString()}));
        FetchJob.UsageException unknown = assertThrows(FetchJob.UsageException.class, () -> FetchJob.main(new String[] {
                "--input", urls.toString(), "--output", dir.resolve("o4").toString(), "--no-such-flag"}));

        assertTrue(absent.getMessage().contains("input is not a file"), absent.getMessage());
        assertTrue(unknown.getMessage().contains("--no-such-flag"), unknown.getMessage());
    }
}
