package dev.shoal.cli.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * For --resume: finds which indexes already have a row in an earlier run's output, and the request (method
 * and URL) of each. A last line without its newline was torn by the interruption and is cut off the file
 * (its request is fetched again). Reads the file streaming: memory is a few bytes per index.
 */
public final class ResumeScanner {
    private static final JsonFactory JSON = new JsonFactory();

    private ResumeScanner() {
    }

    /** The rows in {@code file} (none if it does not exist), after truncating a torn last line. */
    public static EarlierRows scan(Path file) throws IOException {
        EarlierRows done = new EarlierRows();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long complete = endOfLastCompleteLine(channel);
            if (complete < channel.size()) {
                channel.truncate(complete);
            }
            channel.position(0);
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
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
