package dev.shoal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body far larger than the heap, read slowly through an InputStream in a child JVM with 64 MB of heap:
 * it arrives whole, and the server's writes are held to the reader's pace (they block meanwhile).
 */
@Timeout(180)
class BoundedHeapStreamTest {
    static final long SIZE = 1L << 30;  // issue 16's case: a GiB read at 20 MiB/s (about 51 s), 16 times the heap
    static final long RATE = 20L << 20;  // bytes per second

    @Test
    void slowReaderWithA64MegabyteHeapGetsTheWholeBodyAndHoldsTheServerBack(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (BlockingBodyServer server = new BlockingBodyServer(SIZE, Long.MAX_VALUE)) {
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-Dio.netty.leakDetection.level=paranoid",
                    "-cp", System.getProperty("java.class.path"),
                    SlowBodyReader.class.getName(), server.url(), Long.toString(RATE)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            long start = System.nanoTime();
            long worstLead = Long.MIN_VALUE;
            while (child.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(150)) {
                Thread.sleep(250);
                double seconds = (System.nanoTime() - start) / 1e9;
                // what a reader at RATE could have taken since the child started (it started later still)
                worstLead = Math.max(worstLead, server.written() - (long) (seconds * RATE));
            }
            assertTrue(child.waitFor(5, TimeUnit.SECONDS), "the reader did not finish");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), stderr);
            assertFalse(stderr.contains("LEAK"), stderr);
            assertNull(server.awaitEnd(10));
            assertEquals(SIZE + " " + server.sha256(), Files.readString(out, StandardCharsets.UTF_8).trim(), stderr);
            assertTrue(worstLead < 32L << 20, "the server ran " + (worstLead >> 20) + " MiB ahead of the reader's pace");
        }
    }
}
