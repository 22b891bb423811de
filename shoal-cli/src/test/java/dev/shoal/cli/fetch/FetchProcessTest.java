package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.testkit.ContinuationFloodServer;
import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
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
 * What a real {@code shoal fetch} process does where the behaviour is the process's: rows reach the output
 * while the input is idle; SIGTERM and SIGINT stop it within a second while nobody reads its stdout; a huge
 * or undecodable input line is a row, not a crash; --resume refuses rows of another input; stdout carries
 * rows only and stderr Shoal's own lines only.
 */
@Timeout(120)
class FetchProcessTest {
    @TempDir
    Path dir;

    private ProcessBuilder shoal(String heap, String... args) {
        return shoal(List.of(), heap, args);
    }

    private ProcessBuilder shoal(List<String> jvmOptions, String heap, String... args) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr"));
        options.addAll(jvmOptions);
        List<String> fetchArgs = new ArrayList<>(List.of("--no-progress"));
        fetchArgs.addAll(List.of(args));
        return new ProcessBuilder(FetchProcess.command(options, fetchArgs.toArray(new String[0]))).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile());
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    /** Every stderr line is one of Shoal's: "shoal: ..." or an indented line of its summary. */
    private void assertStderrIsShoalsOwn() throws IOException {
        for (String line : stderr().lines().toList()) {
            assertTrue(line.startsWith("shoal: ") || line.startsWith("  "), "not a line of Shoal's: " + line);
        }
    }

    @Test
    void aRowIsWrittenWhileTheInputIsIdle() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            Path rows = dir.resolve("rows.jsonl");
            Process run = shoal("128m", "-o", rows.toString()).start();
            try (OutputStream stdin = run.getOutputStream()) {
                stdin.write((server.url("/delay/1") + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                // stdin stays open: the row must not wait for more input
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (lines(rows) < 1 && System.nanoTime() < deadline && run.isAlive()) {
                    Thread.sleep(10);
                }
                assertEquals(1, lines(rows), "no row while stdin is open and idle; " + stderr());
                assertTrue(run.isAlive(), "the run waits for more input");
                stdin.write((server.url("/delay/1?second") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            assertTrue(run.waitFor(20, TimeUnit.SECONDS));
            assertEquals(ExitStatus.OK, run.exitValue(), stderr());
            assertEquals(2, Rows.read(rows).size());
            assertStderrIsShoalsOwn();
        }
    }

    @Test
    void sigtermStopsWithinASecondWhileNobodyReadsStdout() throws Exception {
        stopsWithinASecondWhileNobodyReadsStdout("TERM", 15);
    }

    @Test
    void sigintStopsWithinASecondWhileNobodyReadsStdout() throws Exception {
        stopsWithinASecondWhileNobodyReadsStdout("INT", 2);
    }

    private void stopsWithinASecondWhileNobodyReadsStdout(String signal, int number) throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                urls.add(server.url("/delay/0?i=" + i));  // far more rows than a pipe holds
            }
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            Process run = shoal("128m", "-i", input.toString(), "-c", "16")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // stdout is a pipe this test does not read: once it is full, every write of the run blocks
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long seen = -1;
            while (System.nanoTime() < deadline && (seen < 100 || seen != server.requests())) {
                seen = server.requests();
                Thread.sleep(500);  // no more requests in half a second: the run is stuck on its output
            }
            assertTrue(seen >= 100 && seen < urls.size(), "requests: " + seen);
            assertTrue(run.isAlive(), "the run ended although its stdout is not read; " + stderr());
            new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor();
            long signalled = System.nanoTime();  // kill has returned: the signal was sent
            boolean ended = run.waitFor(5, TimeUnit.SECONDS);
            long stopMillis = (System.nanoTime() - signalled) / 1_000_000;
            if (!ended) {
                run.destroyForcibly().waitFor();
            }
            assertTrue(ended, "still running 5 s after SIG" + signal);
            assertTrue(stopMillis < 1_500, "took " + stopMillis + " ms to stop");
            assertEquals(ExitStatus.signalled(number), run.exitValue(), stderr());
            assertTrue(stderr().contains("interrupted"), stderr());
        }
    }

    @Test
    void aHugeLineIsAnInvalidRequestRowAndTheRunGoesOn() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            Path input = dir.resolve("urls.txt");
            try (OutputStream out = Files.newOutputStream(input)) {
                out.write((server.url("/delay/1?a") + "\n").getBytes(StandardCharsets.UTF_8));
                byte[] junk = new byte[1 << 20];
                java.util.Arrays.fill(junk, (byte) 'x');
                out.write("http://127.0.0.1/".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 100; i++) {
                    out.write(junk);  // one line of 100 MB, in a heap of 64 MB
                }
                out.write(("\n# " + "c".repeat(3 << 20) + "\n").getBytes(StandardCharsets.UTF_8));  // a long comment: no index
                out.write((server.url("/delay/1?c") + "\n").getBytes(StandardCharsets.UTF_8));
                out.write("http://127.0.0.1/caf".getBytes(StandardCharsets.UTF_8));
                out.write(new byte[]{(byte) 0xc3, '\n'});  // a UTF-8 sequence cut short
            }
            Path rows = dir.resolve("rows.jsonl");
            Process run = shoal("64m", "-i", input.toString(), "-o", "-").redirectOutput(rows.toFile()).start();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS));
            assertEquals(ExitStatus.OK, run.exitValue(), stderr());

            Map<Long, JsonNode> byIndex = Rows.byIndex(Rows.read(rows));  // stdout: rows only
            assertEquals(4, byIndex.size(), byIndex.toString());
            assertEquals(200, byIndex.get(0L).get("status").asInt());
            assertEquals("invalid_request", Rows.kind(byIndex.get(1L)));
            assertTrue(byIndex.get(1L).get("url").isNull());
            assertEquals(200, byIndex.get(2L).get("status").asInt());
            assertEquals("invalid_url", Rows.kind(byIndex.get(3L)));
            assertEquals("http://127.0.0.1/caf\ufffd", byIndex.get(3L).get("url").asText());
            assertStderrIsShoalsOwn();
        }
    }

    @Test
    void resumeRefusesRowsOfAnotherInputNamingTheFirstIndexThatDiffers() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                first.add(server.url("/delay/1?i=" + i));
            }
            Path input = Files.write(dir.resolve("a.txt"), first);
            Path rows = dir.resolve("rows.jsonl");
            Process run = shoal("128m", "-i", input.toString(), "-o", rows.toString()).start();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS));
            assertEquals(ExitStatus.OK, run.exitValue(), stderr());
            String before = Files.readString(rows);

            List<String> other = new ArrayList<>(first);
            other.set(3, server.url("/delay/1?other"));
            for (String stdin : List.of("no", "yes")) {
                Path otherInput = Files.write(dir.resolve("b.txt"), other);
                ProcessBuilder resume = stdin.equals("yes")
                        ? shoal("128m", "-o", rows.toString(), "--resume").redirectInput(otherInput.toFile())
                        : shoal("128m", "-i", otherInput.toString(), "-o", rows.toString(), "--resume");
                Process again = resume.start();
                assertTrue(again.waitFor(30, TimeUnit.SECONDS));
                assertEquals(ExitStatus.USAGE, again.exitValue(), stderr());
                List<String> message = stderr().lines().toList();
                assertEquals(1, message.size(), stderr());
                assertTrue(message.get(0).contains("index 3"), message.get(0));
                assertEquals(before, Files.readString(rows), "nothing appended to rows of another input");
            }
        }
    }

    @Test
    void aContinuationFloodIsAProtocolRowAndNettysLoggingStaysOffStderr() throws Exception {
        try (ContinuationFloodServer server = ContinuationFloodServer.start()) {
            Path rows = dir.resolve("rows.jsonl");
            // a machine id Netty cannot parse makes it log a warning as it starts: proof its logging is away from stderr
            Process run = shoal(List.of("-Dio.netty.machineId=not-a-mac"), "128m",
                    server.url("/"), "--http2-prior-knowledge", "-o", rows.toString()).start();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS));
            assertEquals(ExitStatus.OK, run.exitValue(), stderr());
            assertEquals("protocol", Rows.kind(Rows.read(rows).get(0)));
            assertStderrIsShoalsOwn();
        }
    }

    @Test
    void logFileKeepsWhatNettyLogs() throws Exception {
        Path log = dir.resolve("netty.log");
        Process run = shoal(List.of("-Dio.netty.machineId=not-a-mac"), "128m", "http://127.0.0.1:9/", "-o",
                dir.resolve("rows.jsonl").toString(), "--log-file", log.toString()).start();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitStatus.OK, run.exitValue(), stderr());
        assertTrue(Files.readString(log).contains("io.netty.machineId: not-a-mac"), Files.readString(log));
        assertStderrIsShoalsOwn();
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }
}
