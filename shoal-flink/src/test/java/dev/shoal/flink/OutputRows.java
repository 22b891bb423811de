package dev.shoal.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The rows a job committed to its output directory (in-progress and pending files start with a dot). */
final class OutputRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputRows() {
    }

    static List<JsonNode> read(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .flatMap(OutputRows::lines)
                    .map(OutputRows::parse)
                    .toList();
        }
    }

    /** Leftovers that the sink never committed; none after a job that finished. */
    static List<Path> uncommitted(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".")).toList();
        }
    }

    /** How many rows each index has. */
    static Map<Long, Long> countByIndex(List<JsonNode> rows) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.get("index").asLong(), TreeMap::new, Collectors.counting()));
    }

    static Map<Long, JsonNode> byIndex(List<JsonNode> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.get("index").asLong(), Function.identity()));
    }

    /** The error kind of a row, or "status NNN" for a response. */
    static String what(JsonNode row) {
        JsonNode error = row.get("error");
        return error == null ? "status " + row.get("status").asInt() : error.get("kind").asText();
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON row: " + line, e);
        }
    }
}
