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
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * For --resume: finds which indexes already have a row in an earlier run's output, and the request (method
 * and URL) of each. A last line without its newline was torn by the interruption and is cut off the file
 * (its request is fetched again). Reads the file streaming: memory is a few bytes per index. The output is
 * JSON Lines or CSV, told apart by its first line (CSV's is its header); in CSV a record may span
 * lines (a quoted line break), so the torn end is found by following the quotes from the start.
 */
public final class ResumeScanner {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CsvFactory CSV = new CsvFactory();

    private ResumeScanner() {
    }

    /** The rows in {@code file} (none if it does not exist), after truncating a torn last line. */
    public static EarlierRows scan(Path file) throws IOException {
        EarlierRows done = new EarlierRows();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RowFormat format = format(channel);
            long complete = format == RowFormat.CSV ? endOfLastCompleteRecord(channel) : endOfLastCompleteLine(channel);
            if (complete < channel.size()) {
                channel.truncate(complete);
            }
            channel.position(0);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            if (complete == 0) {
                return done;
            }
            if (format == RowFormat.CSV) {
                readCsv(file, in, done);
                return done;
            }
            done.format(RowFormat.JSONL, null);
            try (JsonParser p = JSON.createParser(in)) {
                JsonToken token;
                while ((token = p.nextToken()) != null) {
                    if (token != JsonToken.START_OBJECT) {
                        throw notOurs(file, p, "not a JSON object");
                    }
                    readRow(file, p, done);
                }
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
                throw notOurs(file, null, e.getOriginalMessage() + where);
            }
        } catch (NoSuchFileException e) {
            return done;
        }
        return done;
    }

    /** Reads one row object to its end, adding its {@code index}, {@code url} and {@code method} to {@code done}. */
    private static void readRow(Path file, JsonParser p, EarlierRows done) throws IOException {
        long index = -1;
        String url = null;
        String method = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                index = p.getLongValue();
            } else if (field.equals("url") && value == JsonToken.VALUE_STRING) {
                url = p.getText();
            } else if (field.equals("method") && value == JsonToken.VALUE_STRING) {
                method = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw notOurs(file, p, "a row without a valid index");
        }
        done.add((int) index, url, method);
    }

    /** CSV when the file begins with a header line, else JSON Lines ({@link RowFormat#detect}). */
    private static RowFormat format(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        readFully(channel, buffer, 0);
        return RowFormat.detect(buffer.array(), buffer.position());
    }

    /** Reads CSV rows: the header line names the columns, which must include index, url and method. */
    private static void readCsv(Path file, InputStream in, EarlierRows done) throws IOException {
        try (CsvParser p = CSV.createParser(in)) {
            p.setSchema(CsvSchema.emptySchema().withHeader());
            JsonToken token = p.nextToken();
            CsvSchema header = (CsvSchema) p.getSchema();
            List<String> columns = new ArrayList<>();
            header.forEach(c -> columns.add(c.getName()));
            done.format(RowFormat.CSV, columns);
            if (!columns.containsAll(List.of("index", "url", "method"))) {
                throw notOurs(file, null, "its header line has no index, url or method column");
            }
            for (; token == JsonToken.START_OBJECT; token = p.nextToken()) {
                long index = -1;
                String url = null;
                String method = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    String value = p.getText();
                    switch (field) {
                        case "index" -> index = value.matches("\\d{1,10}") ? Long.parseLong(value) : -1;
                        case "url" -> url = value.isEmpty() ? null : value;
                        case "method" -> method = value.isEmpty() ? null : value;
                        default -> { }
                    }
                }
                if (index < 0 || index > Integer.MAX_VALUE) {
                    throw notOurs(file, p, "a row without a valid index");
                }
                done.add((int) index, url, method);
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw notOurs(file, null, e.getOriginalMessage() + where);
        }
    }

    /**
     * The length of the file up to the end of its last complete CSV record: a line break outside quotes
     * (a doubled quote inside a quoted cell flips the state twice, so counting quotes is enough).
     */
    private static long endOfLastCompleteRecord(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        boolean quoted = false;
        long end = 0;
        long at = 0;
        while (true) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n <= 0) {
                return end;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    end = at + i + 1;
                }
            }
            at += n;
        }
    }

    /** The length of the file up to and including its last newline. */
    private static long endOfLastCompleteLine(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long end = channel.size();
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            readFully(channel, buffer, start);
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return;
            }
        }
    }

    private static IOException notOurs(Path file, JsonParser p, String problem) {
        String where = p == null ? "" : " at line " + p.currentLocation().getLineNr();
        return new IOException("cannot resume: " + file + " is not shoal output (" + problem + where + ")");
    }
}
