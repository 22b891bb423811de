package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a rows file in tests. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static List<JsonNode> read(Path file) throws IOException {
        String text = Files.readString(file);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last row is not a complete line");
        }
        return text.lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Rows by index; fails when an index has two rows. */
    static Map<Long, JsonNode> byIndex(List<JsonNode> rows) {
        Map<Long, JsonNode> byIndex = new TreeMap<>();
        for (JsonNode row : rows) {
            if (byIndex.put(row.get("index").asLong(), row) != null) {
                throw new AssertionError("two rows for index " + row.get("index"));
            }
        }
        return byIndex;
    }

    static String kind(JsonNode row) {
        return row.has("error") ? row.at("/error/kind").asText() : null;
    }
}
