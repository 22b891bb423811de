package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code shoal fetch --since PREVIOUS} against a real nginx serving static files with ETag and Last-Modified:
 * the second run asks with If-None-Match / If-Modified-Since and gets 304s, rows {@code unchanged: true} that
 * keep the first run's bodies; a file changed in between answers 200 with its new body. Both row formats.
 */
@Timeout(60)
class SinceNginxTest {
    @TempDir
    static Path dir;
    static Nginx nginx;
    static Path www;

    @BeforeAll
    static void start() throws Exception {
        www = Files.createDirectories(dir.resolve("www"));
        nginx = Nginx.start(dir.resolve("nginx"), 1, ports -> """
                server {
                    listen 127.0.0.1:%1$d;
                    root %2$s;
                }
                """.formatted(ports[0], www));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
    }

    private static int fetch(InProcessShoal shoal, String... args) {
        return shoal.fetch(List.of("--no-progress"), args);
    }

    private static void write(String name, String text, long secondsAgo) throws Exception {
        Path f = www.resolve(name);
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    }

    @Test
    void aSecondRunSinceTheFirstGets304sForWhatDidNotChangeAnd200ForWhatDid() throws Exception {
        Path work = Files.createDirectories(dir.resolve("jsonl"));
        write("same.txt", "the same text", 3600);
        write("changed.txt", "before", 3600);
        Path input = Files.write(work.resolve("urls.txt"), List.of(nginx.url(0, "/same.txt"), nginx.url(0, "/changed.txt")));
        Path bodies = work.resolve("bodies");
        Path first = work.resolve("first.jsonl");
        InProcessShoal shoal = new InProcessShoal();
        assertEquals(ExitStatus.OK, fetch(shoal, "-i", input.toString(), "-o", first.toString(), "--bodies", bodies.toString(), "--hash"), shoal.err());
        Map<Long, JsonNode> before = Rows.byIndex(Rows.read(first));
        assertEquals(200, before.get(0L).get("status").asInt());
        String etag = before.get(0L).get("etag").asText();
        assertTrue(etag.startsWith("\""), "nginx's ETag: " + before.get(0L));
        assertNotNull(before.get(0L).get("last_modified").textValue());
        assertFalse(before.get(0L).has("unchanged"), "no unchanged column without --since");

        write("changed.txt", "after, and longer", 60);  // a new mtime and size: a new ETag and Last-Modified
        Path second = work.resolve("second.jsonl");
        Path bodies2 = work.resolve("bodies2");
        assertEquals(ExitStatus.OK, fetch(shoal, "-i", input.toString(), "-o", second.toString(), "--bodies", bodies2.toString(),
                "--hash", "--since", first.toString()), shoal.err());
        Map<Long, JsonNode> after = Rows.byIndex(Rows.read(second));

        JsonNode same = after.get(0L);
        assertEquals(304, same.get("status").asInt(), same.toString());
        assertTrue(same.get("unchanged").asBoolean(), same.toString());
        assertEquals(etag, same.get("etag").asText());
        assertEquals(before.get(0L).get("body_path").asText(), same.get("body_path").asText(), "the first run's body");
        assertEquals(before.get(0L).get("sha256").asText(), same.get("sha256").asText());
        assertEquals("the same text", Files.readString(Path.of(same.get("body_path").asText())));
        assertFalse(Files.exists(bodies2.resolve("0")), "a 304 writes no body");

        JsonNode changed = after.get(1L);
        assertEquals(200, changed.get("status").asInt(), changed.toString());
        assertFalse(changed.get("unchanged").asBoolean());
        assertEquals("after, and longer", Files.readString(bodies2.resolve("1")));
        assertFalse(changed.get("etag").asText().equals(before.get(1L).get("etag").asText()));

        long end = System.nanoTime() + 5_000_000_000L;  // nginx logs a request after its response
        List<String> received;
        do {
            Thread.sleep(20);
            received = nginx.received().stream().filter(l -> l.contains("same.txt") || l.contains("changed.txt")).toList();
        } while (received.size() < 4 && System.nanoTime() < end);
        assertEquals(4, received.size(), "one request per URL and run: " + received);
    }

    @Test
    void aRunSinceCsvRowsInTheSameBodiesDirectoryKeepsTheBodyOfA304() throws Exception {
        Path work = Files.createDirectories(dir.resolve("csv"));
        write("page.html", "<p>page</p>", 3600);
        Path input = Files.write(work.resolve("urls.txt"), List.of(nginx.url(0, "/page.html")));
        Path bodies = work.resolve("bodies");
        Path first = work.resolve("first.csv");
        InProcessShoal shoal = new InProcessShoal();
        assertEquals(ExitStatus.OK, fetch(shoal, "-i", input.toString(), "-o", first.toString(), "--format", "csv",
                "--bodies", bodies.toString()), shoal.err());

        Path second = work.resolve("second.csv");
        assertEquals(ExitStatus.OK, fetch(shoal, "-i", input.toString(), "-o", second.toString(), "--format", "csv",
                "--bodies", bodies.toString(), "--since", first.toString(), "--fields", "url,status,unchanged,body_path"),
                shoal.err());

        List<String> lines = Files.readAllLines(second);
        assertEquals(List.of("url,status,unchanged,body_path", nginx.url(0, "/page.html") + ",304,true," + bodies.resolve("0")),
                lines.stream().map(String::strip).toList());
        assertEquals("<p>page</p>", Files.readString(bodies.resolve("0")), "the 304 left the saved body as it was");
    }
}
