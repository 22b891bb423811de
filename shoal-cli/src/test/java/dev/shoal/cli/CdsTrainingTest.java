package dev.shoal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training run behind the launcher's class-data-sharing archive, as the launcher runs it (a child JVM that
 * lists the classes it loads): it succeeds, and it loads the classes of an upload's body (a file, a form), so
 * that a {@code -T} or {@code -F} run finds them in the archive instead of reading and verifying them from the
 * jar at its start; and its TLS fetch works, so the archive holds the TLS and DNS classes too.
 */
@Timeout(120)
class CdsTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theTrainingRunLoadsTheClassesOfAFileUpload() throws Exception {
        Path list = dir.resolve("classes.txt");
        Process training = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:DumpLoadedClassList=" + list, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.shoal.cli.CdsTraining")
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        assertTrue(training.waitFor(90, TimeUnit.SECONDS), "the training run did not end");
        assertEquals(0, training.exitValue(), () -> "training failed: " + read(dir.resolve("output.txt")));
        Set<String> loaded = Set.copyOf(Files.readAllLines(list));
        for (String upload : List.of("dev/shoal/internal/upload/FileChunks", "dev/shoal/internal/upload/CountedChunks",
                "io/netty/handler/stream/ChunkedWriteHandler", "io/netty/handler/codec/http/HttpChunkedInput",
                "dev/shoal/Multipart", "dev/shoal/internal/upload/SequenceChunks")) {
            assertTrue(loaded.contains(upload), upload + " is not among the training's classes");
        }
        assertTrue(loaded.contains("dev/shoal/cli/fetch/FetchCommand"), "the training did not fetch");
        assertTrue(loaded.contains("dev/shoal/cli/Main$WarmUp"), "the training did not run the start's warm-up");
    }

    @Test
    void theFetchOverTlsFromANameResolvedByDnsGetsItsResponse() {
        assertTrue(CdsTraining.fetchOverTls());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "(no output: " + e + ")";
        }
    }
}
