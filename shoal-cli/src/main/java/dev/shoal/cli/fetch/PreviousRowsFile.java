package dev.shoal.cli.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.shoal.rows.RowFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the rows of a previous run for --since, JSON Lines or CSV (told apart by the first line: CSV's is its
 * header), streaming: only what {@link PreviousRows} keeps stays in memory. A row counts when
 * it answered 200, or 304 (its own run's --since), and has an {@code etag} or {@code last_modified}; other
 * columns and rows are skipped. A row without a status at all (written with --fields leaving it out) counts
 * too: its validators are all there is to go by, and the server still decides. A value with a line break or
 * NUL is skipped: it could not be sent as a header.
 */
final class PreviousRowsFile {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CsvFactory CSV = new CsvFactory();
    /** The row has no status column: the file was written with --fields leaving it out. */
    private static final long STATUS_NOT_WRITTEN = -1;

    private PreviousRowsFile() {
    }

    /** @throws IOException when the file cannot be read or is neither JSON Lines nor CSV rows */
    static PreviousRows load(Path file) throws IOException {
        PreviousRows rows = new PreviousRows();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] start = new byte[4096];
            in.mark(start.length);
            int length = in.readNBytes(start, 0, start.length);
            in.reset();
            if (RowFormat.detect(start, length) == RowFormat.JSONL) {
                readJson(in, rows);
            } else {
                readCsv(in, rows);
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IOException("not shoal rows (" + e.getOriginalMessage() + where + ")", e);
        }
        return rows;
    }

    private static void readJson(InputStream in, PreviousRows rows) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("not shoal rows (not a JSON object at line " + p.currentLocation().getLineNr() + ")");
                }
                Row row = new Row();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("status")) {
                        row.status = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                        p.skipChildren();
                    } else if (value == JsonToken.VALUE_STRING) {
                        row.text(field, p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
                row.addTo(rows);
            }
        }
    }

    private static void readCsv(InputStream in, PreviousRows rows) throws IOException {
        try (CsvParser p = CSV.createParser(in)) {
            p.setSchema(CsvSchema.emptySchema().withHeader());
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Row row = new Row();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    String value = p.getText();
                    if (field.equals("status")) {
                        row.status = value != null && value.matches("\\d{3}") ? Long.parseLong(value) : 0;
                    } else if (value != null && !value.isEmpty()) {
                        row.text(field, value);
                    }
                }
                row.addTo(rows);
            }
        }
    }

    /** The columns of one row that --since keeps, whichever format they were read from. */
    private static final class Row {
        long status = STATUS_NOT_WRITTEN;
        String url;
        String etag;
        String lastModified;
        String sha256;
        String bodyPath;

        void text(String field, String value) {
            switch (field) {
                case "url" -> url = value;
                case "etag" -> etag = value;
                case "last_modified" -> lastModified = value;
                case "sha256" -> sha256 = value;
                case "body_path" -> bodyPath = value;
                default -> { }
            }
        }

        void addTo(PreviousRows rows) {
            if (status == 200 || status == 304 || status == STATUS_NOT_WRITTEN) {
                rows.put(url, sendable(etag), sendable(lastModified), sha256, bodyPath);
            }
        }
    }

    private static String sendable(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return null;
            }
        }
        return value;
    }
}
