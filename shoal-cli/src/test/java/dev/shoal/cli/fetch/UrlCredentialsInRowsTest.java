package dev.shoal.cli.fetch;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code shoal fetch} process given URLs with credentials: they are sent as Basic auth, and neither
 * the password nor the user name appears anywhere in its rows, stdout or stderr, whatever became of the request.
 */
@Timeout(120)
class UrlCredentialsInRowsTest {
    private static final String SECRET = "s3cretPW";
    private static final String USER = "tokenUSER";

    @TempDir
    Path dir;

    @Test
    void credentialsAreSentAndNeverWritten() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            String creds = USER + ":" + SECRET + "@";
            String base = server.url("/").replace("http://", "http://" + creds);  // http://u:pw@127.0.0.1:PORT/
            List<String> lines = List.of(
                    base + "echo",
                    base + "redirect/1",
                    "http://" + creds + "127.0.0.1:" + FaultServer.closedPort() + "/",
                    "http://" + creds + "bad host.test/",
                    "http://" + creds + "h.test:99999/",
                    "ftp://" + creds + "h.test/",
                    USER + ":" + SECRET + "@h.test/x",
                    "{\"url\": \"" + base + "status/200\"}",
                    "{\"url\": \"" + base + "status/200\", \"bogus\": 1}",
                    "{\"url\": \"" + base + "status/200\", \"headers\": {\"Bad Name\": \"x\"}}");
            Path input = Files.write(dir.resolve("urls.txt"), lines);
            Path rows = dir.resolve("rows.jsonl");
            Process run = shoal("-i", input.toString(), "-o", rows.toString(), "--connect-timeout", "2", "-m", "10").start();
            assertTrue(run.waitFor(90, TimeUnit.SECONDS), "shoal fetch did not finish");
            assertEquals(0, run.exitValue(), Files.readString(dir.resolve("stderr.txt")));

            String rowText = Files.readString(rows);
            String out = Files.readString(dir.resolve("stdout.txt"));
            String err = Files.readString(dir.resolve("stderr.txt"));
            assertEquals(lines.size(), rowText.lines().count(), rowText);
            for (String text : List.of(rowText, out, err)) {
                assertFalse(text.contains(SECRET), "the password was written:\n" + text);
                assertFalse(text.contains(USER), "the user name was written:\n" + text);
            }
            assertTrue(rowText.contains("\"url\":\"" + server.url("/echo") + "\""), rowText);
            assertTrue(rowText.contains("\"final_url\":\"" + server.url("/redirect/0") + "\""), rowText);

            String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            List<String> sent = new ArrayList<>();
            for (RecordedRequest r; (r = server.takeRequest(1, TimeUnit.SECONDS)) != null; ) {
                sent.add(r.uri() + " " + r.headers().get("Authorization"));
            }
            assertEquals(4, sent.size(), sent.toString());  // echo, redirect/1, redirect/0, status/200
            for (String s : sent) {
                assertTrue(s.endsWith("[" + basic + "]"), s);
            }
        }
    }

    private ProcessBuilder shoal(String... args) {
        return new ProcessBuilder(FetchProcess.command(List.of("-Xmx128m"), args)).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
    }
}
