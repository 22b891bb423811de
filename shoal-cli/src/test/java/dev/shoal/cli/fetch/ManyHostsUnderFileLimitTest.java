package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.cli.ExitStatus;
import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crawl-shaped run in a process with a common, low file limit: 20,000 URLs over 2,000 hosts (distinct
 * loopback addresses, no DNS), 256 in flight, 2 per host, under {@code ulimit -n 512}. Idle connections to
 * hosts already done must not pile up to the limit: the run ends, with one row per line, nearly all 200.
 */
@Timeout(240)
class ManyHostsUnderFileLimitTest {
    private static final int REQUESTS = 20_000;
    private static final int HOSTS = 2_000;

    @TempDir
    Path dir;

    /** {@code shoal fetch ARGS} in a child JVM whose file limit is {@code limit} (soft and hard). */
    private Process fetchUnderFileLimit(int limit, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "bash"));
        command.addAll(FetchProcess.command(List.of("-Xmx256m"), args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    @Test
    void concurrencyTheFileLimitCannotHoldIsAUsageError() throws Exception {
        Process run = fetchUnderFileLimit(200, "-c", "256", "http://127.0.0.1:9/");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(ExitStatus.USAGE, run.exitValue(), stderr);
        assertTrue(stderr.contains("ulimit -n"), stderr);
        assertEquals("", Files.readString(dir.resolve("stdout.txt")));
    }

    @Test
    void manyHostsUnderALowFileLimitGetOneRowPerLineAndTheRunEnds() throws Exception {
        try (LatencyServer server = LatencyServer.startOnEveryLoopbackAddress(1)) {
            List<String> urls = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                int h = i % HOSTS;  // every host comes back only after all the others: its idle connection is the oldest
                urls.add("http://127.0." + (1 + h / 250) + "." + (1 + h % 250) + ":" + server.port() + "/?i=" + i);
            }
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            Path rows = dir.resolve("rows.jsonl");
            long started = System.nanoTime();
            Process run = fetchUnderFileLimit(512,
                    "-i", input.toString(), "-o", rows.toString(), "-c", "256", "--per-host", "2", "--no-progress");
            boolean ended = run.waitFor(180, TimeUnit.SECONDS);
            if (!ended) {
                run.destroyForcibly().waitFor();
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertTrue(ended, "still running after 180 s; stderr: " + stderr);
            assertEquals(0, run.exitValue(), stderr);

            BitSet seen = new BitSet(REQUESTS);
            Map<String, Integer> outcomes = new TreeMap<>();
            int ok = 0;
            int lines = 0;
            String firstError = null;
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader in = Files.newBufferedReader(rows)) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines++;
                    JsonNode row = json.readTree(line);
                    int index = row.get("index").asInt();
                    assertTrue(!seen.get(index), "index " + index + " twice");
                    seen.set(index);
                    JsonNode error = row.get("error");
                    if (error == null || error.isNull()) {
                        outcomes.merge("status " + row.get("status").asInt(), 1, Integer::sum);
                    } else {
                        outcomes.merge(error.get("kind").asText(), 1, Integer::sum);
                        firstError = firstError != null ? firstError : error.get("message").asText();
                    }
                    if (row.get("status").asInt() == 200) {
                        ok++;
                    }
                }
            }
            String summary = lines + " rows in " + seconds + " s: " + outcomes
                    + (firstError != null ? ", first error: " + firstError : "");
            System.out.println("ulimit -n 512, " + REQUESTS + " URLs over " + HOSTS + " hosts: " + summary);
            assertEquals(REQUESTS, lines, summary);
            assertEquals(REQUESTS, seen.cardinality(), summary);
            assertTrue(ok >= REQUESTS * 999L / 1000, summary);
        }
    }
}
