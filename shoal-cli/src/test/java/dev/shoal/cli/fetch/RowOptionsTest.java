package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --include-header, --fields, --format csv (with --resume) and --since's requests, in-process against the fault server. */
@Timeout(60)
class RowOptionsTest {
    private static FaultServer server;

    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    @BeforeAll
    static void startServer() {
        server = FaultServer.start();
        server.route("/page", (request, reply) -> reply.status(200).header("ETag", "\"p1\"")
                .header("Server", "fault").header("X-Tag", "a").header("x-tag", "b").body("page"));
        server.route("/cond", (request, reply) -> {
            boolean same = "\"c1\"".equals(request.header("If-None-Match"));
            reply.status(same ? 304 : 200).header("ETag", "\"c1\"").body(same ? "" : "fresh");
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private int fetch(String... args) {
        return shoal.fetch(List.of("--no-progress"), args);
    }

    @Test
    void includedHeadersAreKeptByLowerCaseNameAndTheValidatorsAlways() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        assertEquals(ExitStatus.OK, fetch(server.url("/page"), "--include-header", "x-TAG", "--include-header", "Via",
                "-o", rows.toString()), shoal.err());

        JsonNode row = Rows.read(rows).get(0);
        assertEquals("\"p1\"", row.get("etag").asText());
        assertTrue(row.get("last_modified").isNull());
        assertEquals("a, b", row.at("/headers/x-tag").asText(), row.toString());
        assertTrue(row.at("/headers/via").isNull(), row.toString());
    }

    @Test
    void fieldsChooseTheColumnsOfJsonRows() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        assertEquals(ExitStatus.OK, fetch(server.url("/page"), "not a url", "--fields", "url,status,headers.server,error.kind",
                "-o", rows.toString()), shoal.err());

        Map<Long, String> lines = Map.of(0L, Files.readAllLines(rows).get(0), 1L, Files.readAllLines(rows).get(1));
        assertEquals(List.of("{\"url\":\"" + server.url("/page") + "\",\"status\":200,\"headers\":{\"server\":\"fault\"}}",
                "{\"url\":\"not a url\",\"status\":null,\"headers\":null,\"error\":{\"kind\":\"invalid_url\"}}"),
                lines.values().stream().sorted((a, b) -> a.contains("not a url") ? 1 : -1).toList());
    }

    @Test
    void csvRowsAreResumedWithoutASecondHeaderAndATornRecordFetchedAgain() throws Exception {
        Path input = Files.write(dir.resolve("urls.txt"), List.of(server.url("/page?1"), server.url("/page?2"),
                server.url("/page?3")));
        Path rows = dir.resolve("rows.csv");
        // an earlier run: a header, index 0 done, index 1 torn inside a quoted cell that holds a line break
        String header = "index,url,method,status\r\n";
        Files.writeString(rows, header + "0," + server.url("/page?1") + ",GET,200\r\n1,\"" + server.url("/page?2") + "\r\n");
        server.resetStats();

        assertEquals(ExitStatus.OK, fetch("-i", input.toString(), "-o", rows.toString(), "--format", "csv",
                "--fields", "index,url,method,status", "--resume"), shoal.err());

        List<String> lines = Files.readAllLines(rows);
        assertEquals(header.strip(), lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(2, server.requests("/page"), "only what had no complete row");
        assertTrue(lines.subList(1, 4).stream().map(l -> l.split(",")[0]).sorted().toList().equals(List.of("0", "1", "2")), lines.toString());
    }

    @Test
    void resumingWithAnotherFormatOrOtherColumnsIsAUsageError() throws Exception {
        Path rows = dir.resolve("rows.csv");
        Files.writeString(rows, "index,url,method\r\n0," + server.url("/page") + ",GET\r\n");

        assertEquals(ExitStatus.USAGE, fetch(server.url("/page"), "-o", rows.toString(), "--resume"));
        assertTrue(shoal.err().contains("holds csv rows; run with --format csv"), shoal.err());
        assertEquals(ExitStatus.USAGE, fetch(server.url("/page"), "-o", rows.toString(), "--resume", "--format", "csv"));
        assertTrue(shoal.err().contains("has the columns index,url,method; this run writes index,url,method,status"), shoal.err());
        assertEquals(ExitStatus.USAGE, fetch(server.url("/page"), "--fields", "url,nope"));
        assertTrue(shoal.err().contains("--fields: no column nope"), shoal.err());
        assertEquals(ExitStatus.USAGE, fetch(server.url("/page"), "--format", "xml"));
        assertEquals(ExitStatus.USAGE, fetch(server.url("/page"), "-o", rows.toString(), "--resume", "--fields", "url,status"));
    }

    @Test
    void sinceSendsThePreviousEtagOnlyForGetAndHeadAndLeavesTheRequestsOwnAlone() throws Exception {
        Path previous = Files.writeString(dir.resolve("prev.jsonl"),
                "{\"index\":0,\"url\":\"" + server.url("/cond") + "\",\"status\":200,\"etag\":\"\\\"c1\\\"\",\"last_modified\":\"Tue, 14 Nov 2023 22:13:20 GMT\"}\n");
        Path input = Files.write(dir.resolve("in.txt"), List.of(
                server.url("/cond"),
                "{\"url\": \"" + server.url("/cond") + "\", \"method\": \"POST\", \"body\": \"x\"}",
                "{\"url\": \"" + server.url("/cond") + "\", \"headers\": {\"If-None-Match\": \"\\\"mine\\\"\"}}"));
        Path rows = dir.resolve("rows.jsonl");
        server.resetStats();

        assertEquals(ExitStatus.OK, fetch("-i", input.toString(), "-c", "1", "--since", previous.toString(),
                "-o", rows.toString()), shoal.err());

        Map<Long, JsonNode> byIndex = Rows.byIndex(Rows.read(rows));
        assertEquals(304, byIndex.get(0L).get("status").asInt());
        assertTrue(byIndex.get(0L).get("unchanged").asBoolean());
        assertEquals(200, byIndex.get(1L).get("status").asInt(), "a POST is never conditional");
        assertTrue(!byIndex.get(1L).get("unchanged").asBoolean());
        assertEquals(200, byIndex.get(2L).get("status").asInt(), "the line's own If-None-Match is sent as it is");
        RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("\"c1\"", first.header("If-None-Match"));
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", first.header("If-Modified-Since"));
        RecordedRequest post = server.takeRequest(5, TimeUnit.SECONDS);
        assertNull(post.header("If-None-Match"));
        assertEquals("\"mine\"", server.takeRequest(5, TimeUnit.SECONDS).header("If-None-Match"));
    }
}
