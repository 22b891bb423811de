package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal fetch --robots}, the Retry-After hold in rows ({@code polite_wait_ms}) and {@code shoal report} on them. */
@Timeout(60)
class PolitenessOptionsTest {
    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    private int run(String... args) {
        return shoal.run(args);
    }

    @Test
    void robotsDisallowedUrlsAreRobotsRowsAndHeldRowsSayForHowLong() throws IOException {
        try (FaultServer server = FaultServer.start()) {
            server.route("/robots.txt", (request, reply) -> reply.body("User-agent: shoal\nDisallow: /private\n"));
            AtomicInteger busy = new AtomicInteger();
            server.route("/busy", (request, reply) -> {
                if (busy.getAndIncrement() == 0) {
                    reply.status(429).header("Retry-After", "1");
                }
            });
            List<String> lines = new ArrayList<>();
            lines.add(server.url("/private/a"));
            lines.add(server.url("/busy/0"));
            for (int i = 1; i <= 4; i++) {
                lines.add(server.url("/busy/" + i));
            }
            Path input = Files.write(dir.resolve("in.txt"), lines);
            Path rowsFile = dir.resolve("rows.jsonl");

            assertEquals(ExitStatus.OK, run("fetch", "--robots", "-c", "1", "-i", input.toString(), "-o", rowsFile.toString()),
                    shoal.err());

            Map<Long, JsonNode> rows = Rows.byIndex(Rows.read(rowsFile));
            assertEquals(6, rows.size());
            assertEquals("robots", Rows.kind(rows.get(0L)), rows.get(0L).toString());
            assertEquals(0, server.requests("/private"));
            assertEquals(429, rows.get(1L).get("status").asInt());
            assertNull(rows.get(1L).get("polite_wait_ms"), "the request that was told was not held");
            JsonNode held = rows.get(2L);
            assertEquals(200, held.get("status").asInt());
            assertTrue(held.get("polite_wait_ms").asDouble() > 500, held.toString());
            long heldRows = rows.values().stream().filter(r -> r.has("polite_wait_ms")).count();
            for (long i = 2; i <= 5; i++) {
                assertTrue(rows.get(i).has("polite_wait_ms"), "queued behind the hold: " + rows.get(i));
            }

            InProcessShoal reportRun = new InProcessShoal();
            int status = reportRun.run("report", rowsFile.toString());
            assertEquals(ExitStatus.OK, status, reportRun.err());
            String report = reportRun.out().replaceAll(" +", " ");
            assertTrue(report.contains("Held back by hosts"), report);
            assertTrue(report.contains("127.0.0.1:" + server.port() + " 6 " + heldRows + " "), report);
        }
    }
}
