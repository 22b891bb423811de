package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviousRowsTest {
    @TempDir
    Path dir;

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void keepsTheValidatorsHashAndPathOfEachUrlThatAnswered() throws Exception {
        Path rows = Files.write(dir.resolve("rows.jsonl"), List.of(
                "{\"index\":0,\"url\":\"http://a.test/\",\"status\":200,\"etag\":\"\\\"v1\\\"\",\"last_modified\":null,"
                        + "\"sha256\":\"" + SHA + "\",\"body_path\":\"bodies/0\",\"timings\":{\"dns\":1.0}}",
                "{\"index\":1,\"url\":\"http://b.test/\",\"status\":304,\"etag\":null,\"last_modified\":\"Tue, 14 Nov 2023 22:13:20 GMT\","
                        + "\"unchanged\":true}",
                "{\"index\":2,\"url\":\"http://c.test/\",\"status\":404,\"etag\":\"\\\"gone\\\"\"}",
                "{\"index\":3,\"url\":\"http://d.test/\",\"status\":null,\"error\":{\"kind\":\"dns\",\"message\":\"x\"}}",
                "{\"index\":4,\"url\":\"http://e.test/\",\"status\":200,\"etag\":null,\"last_modified\":null}",
                "{\"index\":5,\"url\":\"http://f.test/\",\"status\":200,\"etag\":\"bad\\r\\nX-Injected: 1\"}"));

        PreviousRows previous = PreviousRowsFile.load(rows);

        assertEquals(new PreviousRows.Previous("\"v1\"", null, SHA, "bodies/0"), previous.get("http://a.test/"));
        assertEquals(new PreviousRows.Previous(null, "Tue, 14 Nov 2023 22:13:20 GMT", null, null), previous.get("http://b.test/"));
        assertNull(previous.get("http://c.test/"), "a 404's validators are not the page's");
        assertNull(previous.get("http://d.test/"));
        assertNull(previous.get("http://e.test/"), "nothing to send");
        assertNull(previous.get("http://f.test/"), "a value with a line break is never sent as a header");
        assertEquals(2, previous.size());
    }

    @Test
    void readsCsvRowsByTheirHeaderNames() throws Exception {
        Path rows = Files.writeString(dir.resolve("rows.csv"), "status,url,etag,body_path\r\n"
                + "200,\"http://a.test/x,y\",\"W/\"\"1\"\"\",\"bodies/0\"\r\n"
                + "500,http://b.test/,\"\"\"2\"\"\",\r\n");

        PreviousRows previous = PreviousRowsFile.load(rows);

        assertEquals(new PreviousRows.Previous("W/\"1\"", null, null, "bodies/0"), previous.get("http://a.test/x,y"));
        assertNull(previous.get("http://b.test/"));
    }

    @Test
    void csvRowsSavedByExcelWithAByteOrderMarkAreReadByTheirHeaderNames() throws Exception {
        Path rows = Files.writeString(dir.resolve("excel.csv"), "\uFEFFurl,status,etag\r\nhttp://a.test/,200,\"\"\"v1\"\"\"\r\n");

        PreviousRows previous = PreviousRowsFile.load(rows);

        assertEquals(new PreviousRows.Previous("\"v1\"", null, null, null), previous.get("http://a.test/"));
    }

    @Test
    void rowsWrittenWithFieldsLeavingOutTheStatusStillGiveTheirValidators() throws Exception {
        Path csv = Files.writeString(dir.resolve("fields.csv"), "url,etag\r\nhttp://a.test/,\"\"\"v1\"\"\"\r\n");
        Path jsonl = Files.writeString(dir.resolve("fields.jsonl"), "{\"url\":\"http://a.test/\",\"last_modified\":\"x\"}\n"
                + "{\"url\":\"http://b.test/\",\"status\":null,\"etag\":\"\\\"e\\\"\"}\n");

        assertEquals(new PreviousRows.Previous("\"v1\"", null, null, null), PreviousRowsFile.load(csv).get("http://a.test/"));
        PreviousRows previous = PreviousRowsFile.load(jsonl);
        assertEquals(new PreviousRows.Previous(null, "x", null, null), previous.get("http://a.test/"));
        assertNull(previous.get("http://b.test/"), "a status written as null is no answer");
    }

    @Test
    void aLastModifiedIsSentBackCharacterForCharacterWhateverItsForm() {
        PreviousRows previous = new PreviousRows();
        List<String> dates = List.of("Tue, 14 Nov 2023 22:13:20 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
                "Tue, 3 Jun 2008 11:05:30 GMT", "Tuesday, 14-Nov-23 22:13:20 GMT", "Wed, 14 Nov 2023 22:13:20 GMT",
                "not a date");
        for (String date : dates) {
            previous.put("http://h.test/" + date, null, date, null, null);
        }
        for (String date : dates) {
            assertEquals(date, previous.get("http://h.test/" + date).lastModified());
        }
    }

    @Test
    void imfFixdatesPrintAndParseAsJavaTimeHasThem() {
        java.time.format.DateTimeFormatter oracle = java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 10_000; i++) {
            long second = random.nextLong(0, 4_102_444_800L);  // to 2100
            String date = oracle.format(java.time.Instant.ofEpochSecond(second));
            assertEquals(date, PreviousRows.imfFixdate(second));
            assertEquals(second, PreviousRows.epochSecond(date));
        }
        assertEquals(-1, PreviousRows.epochSecond("Mon, 14 Nov 2023 22:13:20 GMT"), "the wrong weekday");
        assertEquals(-1, PreviousRows.epochSecond("Fri, 31 Nov 2023 22:13:20 GMT"));
    }

    /** --since for a million rows: the table and its packed records, measured; printed for the report. */
    @Test
    @Timeout(60)
    void aMillionPreviousRowsTakeAboutAHundredBytesEach() {
        PreviousRows previous = new PreviousRows();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            previous.put("https://host" + (i % 5000) + ".example/some/path/page-" + i + ".html",
                    "\"5f3c2a1b-" + Integer.toHexString(i) + "\"", "Tue, 14 Nov 2023 22:13:20 GMT", SHA,
                    "bodies/" + i);
        }
        long bytes = previous.retainedBytes();
        System.out.printf("PreviousRows: %,d rows (etag, last_modified, sha256, body_path) retain %,d bytes (%.1f a row)%n",
                n, bytes, (double) bytes / n);
        assertEquals(n, previous.size());
        assertEquals(new PreviousRows.Previous("\"5f3c2a1b-" + Integer.toHexString(123_456) + "\"",
                "Tue, 14 Nov 2023 22:13:20 GMT", SHA, "bodies/123456"),
                previous.get("https://host" + (123_456 % 5000) + ".example/some/path/page-123456.html"));
        assertTrue(bytes < 115L * n, bytes + " bytes");
    }
}
