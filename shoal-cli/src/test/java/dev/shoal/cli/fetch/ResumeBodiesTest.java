package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code shoal fetch --bodies DIR} killed in the middle of a large download from a real nginx, then run again
 * with {@code --resume}: it continues the partial file with a Range request (206) and the saved file is
 * byte-exact; when the file changed on the server meanwhile (a new ETag) it starts over (200), byte-exact too.
 */
@Timeout(120)
class ResumeBodiesTest {
    static final int SIZE = 48 << 20;

    @TempDir
    static Path dir;
    static Nginx nginx;
    static Path www;

    @BeforeAll
    static void start() throws Exception {
        www = dir.resolve("www");
        Files.createDirectories(www);
        nginx = Nginx.start(dir.resolve("nginx"), 1, ports -> """
                server {
                    listen 127.0.0.1:%1$d;
                    root %2$s;
                    location /slow/ { alias %2$s/; limit_rate 12m; }
                }
                """.formatted(ports[0], www));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
    }

    private static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static Process fetch(Path work, String... args) throws Exception {
        return new ProcessBuilder(FetchProcess.command(List.of("-Xmx128m"), args)).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(work.resolve("stderr.txt").toFile()).start();
    }

    /** Starts a download of {@code url} into {@code bodies}, stops the process with {@code signal} partway. */
    private static long interrupted(Path work, String url, Path bodies, Path rows, String signal) throws Exception {
        Process run = fetch(work, url, "--bodies", bodies.toString(), "-o", rows.toString(), "--no-progress");
        Path part = bodies.resolve("0.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(part) && Files.size(part) >= 8 << 20)) {
            assertTrue(run.isAlive() && System.nanoTime() < deadline, "no partial body to interrupt: " + Files.readString(work.resolve("stderr.txt")));
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(run.pid())).start().waitFor();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS), "still running after SIG" + signal);
        assertFalse(Files.exists(bodies.resolve("0")), "the body was complete before the signal");
        assertTrue(Files.exists(bodies.resolve("0.part.resume")), "nothing noted to resume with");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept < SIZE, "partial file of " + kept + " bytes");
        return kept;
    }

    private static JsonNode resumed(Path work, String url, Path bodies, Path rows) throws Exception {
        Process again = fetch(work, url, "--bodies", bodies.toString(), "-o", rows.toString(), "--no-progress", "--resume");
        assertTrue(again.waitFor(60, TimeUnit.SECONDS), "the resumed run did not finish");
        assertEquals(ExitStatus.OK, again.exitValue(), Files.readString(work.resolve("stderr.txt")));
        Map<Long, JsonNode> all = Rows.byIndex(Rows.read(rows));
        assertEquals(1, all.size(), all.toString());
        assertFalse(Files.exists(bodies.resolve("0.part")));
        assertFalse(Files.exists(bodies.resolve("0.part.resume")));
        return all.get(0L);
    }

    @Test
    void killedDownloadResumesWithARangeRequestToAByteExactFile() throws Exception {
        byte[] original = content(SIZE, 1);
        Files.write(www.resolve("a.bin"), original);
        Path work = Files.createDirectories(dir.resolve("a"));
        Path bodies = work.resolve("bodies");
        Path rows = work.resolve("rows.jsonl");
        String url = nginx.url(0, "/slow/a.bin");

        long kept = interrupted(work, url, bodies, rows, "KILL");
        JsonNode row = resumed(work, url, bodies, rows);

        assertEquals(206, row.get("status").asInt(), row.toString());
        assertEquals(SIZE - kept, row.get("bytes").asLong(), "bytes fetched again: " + row);
        assertEquals(sha256(original), sha256(Files.readAllBytes(bodies.resolve("0"))));
    }

    @Test
    void aFileChangedOnTheServerStartsOverToAByteExactFile() throws Exception {
        Files.write(www.resolve("b.bin"), content(SIZE, 2));
        Path work = Files.createDirectories(dir.resolve("b"));
        Path bodies = work.resolve("bodies");
        Path rows = work.resolve("rows.jsonl");
        String url = nginx.url(0, "/slow/b.bin");

        interrupted(work, url, bodies, rows, "TERM");
        byte[] changed = content(SIZE, 3);
        Files.write(www.resolve("b.bin"), changed);
        Files.setLastModifiedTime(www.resolve("b.bin"), FileTime.from(Instant.now().plusSeconds(60)));  // a new ETag
        JsonNode row = resumed(work, url, bodies, rows);

        assertEquals(200, row.get("status").asInt(), row.toString());
        assertEquals(SIZE, row.get("bytes").asLong());
        assertEquals(sha256(changed), sha256(Files.readAllBytes(bodies.resolve("0"))));
    }
}
