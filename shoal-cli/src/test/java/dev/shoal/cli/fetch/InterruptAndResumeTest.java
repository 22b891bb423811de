package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C on a real {@code shoal fetch} process: it stops promptly with 130 and every finished row on disk;
 * {@code --resume} then completes the run with exactly one row per request.
 */
class InterruptAndResumeTest {
    private static final int REQUESTS = 400;

    @TempDir
    Path dir;

    private static ProcessBuilder shoal(Path dir, String... args) {
        return new ProcessBuilder(FetchProcess.command(List.of("-Xmx128m"), args)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(dir.resolve("stderr.txt").toFile());
    }

    @Test
    void ctrlCStopsPromptlyKeepingEveryFinishedRowAndResumeCompletesExactlyOneRowPerRequest() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                urls.add(server.url("/delay/100?i=" + i));
            }
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            Path rows = dir.resolve("rows.jsonl");

            // 400 requests of 100 ms, 8 at a time: about 5 s, interrupted after the first rows
            Process run = shoal(dir, "-i", input.toString(), "-o", rows.toString(), "-c", "8").start();
            waitForRows(rows, 40, run);
            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
            assertTrue(run.waitFor(5, TimeUnit.SECONDS), "still running 5 s after Ctrl-C");
            long stopMillis = (System.nanoTime() - signalled) / 1_000_000;

            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertEquals(ExitStatus.signalled(2), run.exitValue(), stderr);
            assertTrue(stopMillis < 2_000, "took " + stopMillis + " ms to stop");
            assertTrue(stderr.contains("interrupted"), stderr);
            int firstRun = Rows.byIndex(Rows.read(rows)).size(); // complete lines, no index twice
            assertTrue(firstRun >= 40 && firstRun < REQUESTS, "rows after Ctrl-C: " + firstRun);
            assertTrue(stderr.contains(String.format(java.util.Locale.ROOT, "%,d rows written", firstRun)), stderr);

            Process resume = shoal(dir, "-i", input.toString(), "-o", rows.toString(), "-c", "50", "--resume").start();
            assertTrue(resume.waitFor(30, TimeUnit.SECONDS));
            assertEquals(ExitStatus.OK, resume.exitValue(), Files.readString(dir.resolve("stderr.txt")));

            Map<Long, JsonNode> all = Rows.byIndex(Rows.read(rows));
            assertEquals(REQUESTS, all.size());
            assertEquals(REQUESTS - 1, (long) ((java.util.TreeMap<Long, JsonNode>) all).lastKey());
            for (JsonNode row : all.values()) {
                assertEquals(200, row.get("status").asInt(), row.toString());
                assertTrue(row.get("url").asText().endsWith("?i=" + row.get("index").asLong()), row.toString());
            }
        }
    }

    private static void waitForRows(Path rows, int atLeast, Process run) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (Files.exists(rows) && countLines(rows) >= atLeast) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run wrote fewer than " + atLeast + " rows in time (alive: " + run.isAlive() + ")");
    }

    private static long countLines(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }
}
