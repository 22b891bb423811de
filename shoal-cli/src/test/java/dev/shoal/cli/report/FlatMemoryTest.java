package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half a million rows, every one from a new host, over five days, piped into {@code shoal report -} in a
 * JVM with a 32 MB heap: if anything kept rows (or grew with hosts or time), the child would run out of
 * memory. The rows are made on the fly and never exist whole, on either side of the pipe.
 */
class FlatMemoryTest {
    private static final int ROWS = 500_000;

    @TempDir
    Path dir;

    @Test
    void halfAMillionRowsOfDistinctHostsFitInA32MegabyteHeap() throws Exception {
        Path html = dir.resolve("report.html");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ReportMain.class.getName(), "-", "--html", html.toString()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(child.getOutputStream()));
        boolean finished = child.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        feeding.get(10, TimeUnit.SECONDS);
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertTrue(finished, "the report did not finish");
        assertEquals(0, child.exitValue(), err);
        assertTrue(out.startsWith("Rows        500,000 from standard input\n"), out);
        assertTrue(out.contains("More hosts than the " + HostTable.DEFAULT_CAPACITY + " tracked"), out);
        assertTrue(Files.size(html) < 200_000, "the page is bounded too: " + Files.size(html) + " bytes");
    }

    private static void feed(OutputStream stdin) {
        Random random = new Random(11);
        long start = 1_700_000_000_000L;
        try (OutputStream out = new BufferedOutputStream(stdin, 1 << 16)) {
            for (int i = 0; i < ROWS; i++) {
                long startedAt = start + i * 864L;
                double elapsed = Math.exp(3 + 1.5 * random.nextGaussian());
                String line = i % 20 == 0
                        ? RowLines.failure("https://host-" + i + ".example/", "connect_timeout", startedAt, elapsed)
                        : RowLines.response("https://host-" + i + ".example/p/" + i, 200 + (i % 7) * 50, startedAt, elapsed, 1_000 + i % 5_000);
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
