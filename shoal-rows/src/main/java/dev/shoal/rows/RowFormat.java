package dev.shoal.rows;

import java.util.Locale;

/** How rows are written: JSON Lines (one object a line, the default) or CSV (RFC 4180, with a header line). */
public enum RowFormat {
    JSONL, CSV;

    /** {@code jsonl} or {@code csv}, in any case. */
    public static RowFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jsonl", "json" -> JSONL;
            case "csv" -> CSV;
            default -> throw new IllegalArgumentException("--format " + name + ": expected jsonl or csv");
        };
    }

    /**
     * The format of rows that begin with {@code firstByte} (after any blank space): a JSON row begins with
     * {@code {}, a CSV file with its header line.
     */
    public static RowFormat ofFirstByte(int firstByte) {
        return firstByte == '{' ? JSONL : CSV;
    }
}
