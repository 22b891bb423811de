import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the Java peers share with the Python ones: the URL file (one a line, blanks skipped) and
 * one JSON row per URL (index, url, status, bytes, elapsed_ms; status null and an error on failure).
 * Rows are written as they complete, under one lock, as a Java user would write them.
 */
final class PeerRows implements AutoCloseable {
    private final BufferedWriter out;

    PeerRows(Path out) throws IOException {
        this.out = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    }

    static List<String> readUrls(Path path) throws IOException {
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            return lines.map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        }
    }

    static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
    }

    void success(int index, String url, int status, int bytes, double elapsedMs) {
        write("{\"index\": " + index + ", \"url\": \"" + escape(url) + "\", \"status\": " + status
                + ", \"bytes\": " + bytes + ", \"elapsed_ms\": " + elapsedMs + "}\n");
    }

    void failure(int index, String url, Throwable error, double elapsedMs) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        write("{\"index\": " + index + ", \"url\": \"" + escape(url) + "\", \"status\": null, \"error\": {\"type\": \""
                + cause.getClass().getSimpleName() + "\", \"message\": \"" + escape(String.valueOf(cause.getMessage()))
                + "\"}, \"elapsed_ms\": " + elapsedMs + "}\n");
    }

    private synchronized void write(String row) {
        try {
            out.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
