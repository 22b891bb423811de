package dev.shoal.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("index", "url", "method", "status", "final_url", "redirects",
            "protocol", "bytes", "attempts", "started_at", "elapsed_ms", "remote_ip", "etag", "last_modified");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static Row success(long index) {
        Request request = Request.get("http://a.test/" + index);
        Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://a.test/final")
                .redirects(1).protocol("http/1.1").attempts(2).startedAtMillis(1_700_000_000_123L)
                .elapsedNanos(51_034_567L).bytes(6).sha256("ab12").bodyPath(Path.of("bodies", "" + index)).build();
        return Row.of(index, new Outcome.Success(request, response));
    }

    private static Row failure(long index, String url, ShoalException error) {
        return Row.of(index, new Outcome.Failure(Request.get(url), error));
    }

    private List<JsonNode> rows() throws IOException {
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "every row ends its line");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = row.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void successRowHasTheDocumentedColumnsInOrder() throws IOException {
        try (RowWriter writer = new RowWriter(out, false, false)) {
            writer.write(success(7));
        }
        JsonNode row = rows().get(0);

        assertEquals(COLUMNS, fieldNames(row));
        assertEquals(7, row.get("index").asLong());
        assertEquals("http://a.test/7", row.get("url").asText());
        assertEquals("GET", row.get("method").asText());
        assertEquals(200, row.get("status").asInt());
        assertEquals("http://a.test/final", row.get("final_url").asText());
        assertEquals(1, row.get("redirects").asInt());
        assertEquals("http/1.1", row.get("protocol").asText());
        assertEquals(6, row.get("bytes").asLong());
        assertEquals(2, row.get("attempts").asInt());
        assertEquals(1_700_000_000_123L, row.get("started_at").asLong());
        assertEquals("51.034", row.get("elapsed_ms").toString());
    }

    @Test
    void hashAndBodyPathColumnsAppearOnlyWhenAsked() throws IOException {
        try (RowWriter writer = new RowWriter(out, true, true)) {
            writer.write(success(1));
        }
        JsonNode row = rows().get(0);
        assertEquals("ab12", row.get("sha256").asText());
        assertEquals(Path.of("bodies", "1").toString(), row.get("body_path").asText());
        assertFalse(row.has("error"));
    }

    @Test
    void failureRowHasNullStatusAndTheErrorKindAndMessage() throws IOException {
        ShoalException error = Internal.withCallStats(Internal.shoalException(ErrorKind.READ_TIMEOUT, "no byte for 1.5 s"),
                3, 1, 1_700_000_000_000L, 1_500_000_000L);
        try (RowWriter writer = new RowWriter(out, true, false)) {
            writer.write(failure(4, "http://slow.test/", error));
        }
        JsonNode row = rows().get(0);

        assertTrue(row.get("status").isNull());
        assertTrue(row.get("final_url").isNull());
        assertTrue(row.get("protocol").isNull());
        assertTrue(row.get("bytes").isNull());
        assertTrue(row.get("sha256").isNull());
        assertEquals(3, row.get("attempts").asInt());
        assertEquals(1, row.get("redirects").asInt());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"elapsed_ms\":1500.000,"), "decimal ms as written");
        assertEquals("read_timeout", row.at("/error/kind").asText());
        assertEquals("no byte for 1.5 s", row.at("/error/message").asText());
    }

    @Test
    void requestThatNeverStartedHasNoStartOrElapsedTime() throws IOException {
        try (RowWriter writer = new RowWriter(out, false, false)) {
            writer.write(failure(0, "nope", Internal.shoalException(ErrorKind.INVALID_URL, "no scheme")));
        }
        JsonNode row = rows().get(0);
        assertTrue(row.get("started_at").isNull());
        assertTrue(row.get("elapsed_ms").isNull());
        assertEquals(0, row.get("attempts").asInt());
        assertEquals("invalid_url", row.at("/error/kind").asText());
    }

    @Test
    void lineThatNeverBecameARequestHasEveryColumn() throws IOException {
        try (RowWriter writer = new RowWriter(out, false, true)) {
            writer.write(Row.failed(9, "http://a/", null, ErrorKind.INVALID_REQUEST, "not valid JSON: oops"));
        }
        JsonNode row = rows().get(0);
        assertEquals(COLUMNS, fieldNames(row).subList(0, COLUMNS.size()));
        assertEquals(9, row.get("index").asLong());
        assertEquals("http://a/", row.get("url").asText());
        assertTrue(row.get("method").isNull());
        assertTrue(row.get("status").isNull());
        assertTrue(row.get("body_path").isNull());
        assertEquals("invalid_request", row.at("/error/kind").asText());
        assertEquals("not valid JSON: oops", row.at("/error/message").asText());
    }

    @Test
    void rowsAreBufferedUntilFlushed() throws IOException {
        RowWriter writer = new RowWriter(out, false, false);
        writer.write(success(0));
        writer.write(success(1));
        assertEquals(0, out.size(), "not written per row");

        writer.flush();
        assertEquals(2, rows().size());
    }

    @Test
    void textIsEscapedSoThatEachRowStaysOneLine() throws IOException {
        try (RowWriter writer = new RowWriter(out, false, false)) {
            writer.write(Row.failed(0, "http://a/\"q\"\n", null, ErrorKind.INVALID_REQUEST, "line\nbreak é"));
        }
        List<JsonNode> rows = rows();
        assertEquals(1, rows.size());
        assertEquals("http://a/\"q\"\n", rows.get(0).get("url").asText());
        assertEquals("line\nbreak é", rows.get(0).at("/error/message").asText());
    }

    @Test
    void responseRowIsExactlyThisLine() {
        Request request = Request.get("http://h.test/a");
        Response response = new ResponseBuilder().request(request).status(404).finalUrl("http://h.test/b")
                .redirects(1).protocol("http/1.1").attempts(2).startedAtMillis(1_700_000_000_123L)
                .elapsedNanos(12_345_678).bytes(9).build();

        assertEquals("{\"index\":4,\"url\":\"http://h.test/a\",\"method\":\"GET\",\"status\":404,"
                + "\"final_url\":\"http://h.test/b\",\"redirects\":1,\"protocol\":\"http/1.1\",\"bytes\":9,"
                + "\"attempts\":2,\"started_at\":1700000000123,\"elapsed_ms\":12.345,\"remote_ip\":null,\"etag\":null,\"last_modified\":null}",
                RowWriter.toJson(Row.of(4, new Outcome.Success(request, response)), false, false));
    }

    @Test
    void theTimingsColumnHoldsEachPhaseInMillisecondsAndRemoteIpTheAddress() {
        Request request = Request.get("http://h.test/a");
        Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://h.test/a")
                .startedAtMillis(1_700_000_000_123L).elapsedNanos(12_345_678).bytes(9)
                .remoteAddress(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 8080))
                .timings(new dev.shoal.Timings(1_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_500_000, 21_001_000))
                .build();

        assertEquals("{\"index\":4,\"url\":\"http://h.test/a\",\"method\":\"GET\",\"status\":200,"
                + "\"final_url\":\"http://h.test/a\",\"redirects\":0,\"protocol\":\"http/1.1\",\"bytes\":9,"
                + "\"attempts\":1,\"started_at\":1700000000123,\"elapsed_ms\":12.345,\"remote_ip\":\"127.0.0.1\",\"etag\":null,\"last_modified\":null,"
                + "\"timings\":{\"queued\":0.001,\"dns\":2.000,\"connect\":3.000,\"tls\":4.000,\"wait\":5.000,"
                + "\"download\":6.500,\"total\":21.001}}",
                RowWriter.toJson(Row.of(4, new Outcome.Success(request, response)), false, false, true));
        assertEquals("null", RowWriter.toJson(Row.failed(1, "x", "GET", ErrorKind.INVALID_URL, "bad"), false, false, true)
                .replaceAll(".*\"timings\":(null).*", "$1"), "a request that never started has no timings");
    }

    @Test
    void aRowHeldBackByItsHostSaysHowLongInEveryFormatAndOthersSayNothing() {
        Request request = Request.get("http://h.test/a");
        Response held = new ResponseBuilder().request(request).status(200).finalUrl("http://h.test/a")
                .startedAtMillis(1_700_000_000_123L).elapsedNanos(12_345_678).bytes(9)
                .timings(new dev.shoal.Timings(0, 0, 0, 0, 0, 0, 2_100_000_000L, 2_000_500_000L)).build();
        String row = RowWriter.toJson(Row.of(4, new Outcome.Success(request, held)), false, false);
        assertTrue(row.contains("\"remote_ip\":null,\"polite_wait_ms\":2000.500,\"etag\""), row);
        Response notHeld = new ResponseBuilder().request(request).status(200).finalUrl("http://h.test/a")
                .startedAtMillis(1_700_000_000_123L).elapsedNanos(12_345_678).bytes(9)
                .timings(new dev.shoal.Timings(0, 0, 0, 0, 0, 0, 2_100_000_000L)).build();
        assertFalse(RowWriter.toJson(Row.of(4, new Outcome.Success(request, notHeld)), false, false).contains("polite"));
    }

    @Test
    void failureRowIsExactlyThisLine() {
        ShoalException error = Internal.withCallStats(Internal.shoalException(ErrorKind.CONNECT_REFUSED, "connection refused: 127.0.0.1:1"),
                1, 0, 1_700_000_000_000L, 2_000_000);

        assertEquals("{\"index\":0,\"url\":\"http://127.0.0.1:1/\",\"method\":\"GET\",\"status\":null,"
                + "\"final_url\":null,\"redirects\":0,\"protocol\":null,\"bytes\":null,\"attempts\":1,"
                + "\"started_at\":1700000000000,\"elapsed_ms\":2.000,\"remote_ip\":null,\"etag\":null,\"last_modified\":null,\"sha256\":null,"
                + "\"error\":{\"kind\":\"connect_refused\",\"message\":\"connection refused: 127.0.0.1:1\"}}",
                RowWriter.toJson(failure(0, "http://127.0.0.1:1/", error), true, false));
    }

    @Test
    void oneRowAloneIsTheLineTheWriterWrites() throws IOException {
        Row row = failure(3, "http://slow.test/", Internal.withCallStats(Internal.shoalException(ErrorKind.TIMEOUT, "deadline of 1 s"),
                2, 1, 1_700_000_000_000L, 1_000_000_001L));
        try (RowWriter writer = new RowWriter(out, true, true)) {
            writer.write(row);
            writer.write(success(4));
        }

        assertEquals(RowWriter.toJson(row, true, true) + "\n" + RowWriter.toJson(success(4), true, true) + "\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void millisecondsKeepMicrosecondsWithoutFloatingPointNoise() {
        assertEquals("0.000", RowWriter.millis(0));
        assertEquals("0.001", RowWriter.millis(1_000));
        assertEquals("0.010", RowWriter.millis(10_999));
        assertEquals("51.034", RowWriter.millis(51_034_567));
        assertEquals("12345.678", RowWriter.millis(12_345_678_000L));
    }
}
