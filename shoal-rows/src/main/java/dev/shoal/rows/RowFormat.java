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
     * The format of rows whose file begins with {@code start} (its first bytes, 4 KiB are plenty): CSV when the
     * first line that is not blank begins with a column's name (the header line {@link RowWriter} writes), else
     * JSON Lines, whose readers count a line that is not a row as malformed. A UTF-8 byte order mark first (as
     * Excel saves CSV) is skipped; Jackson's parsers skip it too.
     */
    public static RowFormat detect(byte[] start, int length) {
        int i = length >= 3 && start[0] == (byte) 0xEF && start[1] == (byte) 0xBB && start[2] == (byte) 0xBF ? 3 : 0;
        while (i < length && (start[i] == ' ' || start[i] == '\t' || start[i] == '\r' || start[i] == '\n')) {
            i++;
        }
        int end = i;
        while (end < length && start[end] != ',' && start[end] != '\r' && start[end] != '\n') {
            end++;
        }
        String first = new String(start, i, end - i, java.nio.charset.StandardCharsets.ISO_8859_1);
        return end > i && (end < length || end == length && length < 4096) && RowColumns.isColumnName(first) ? CSV : JSONL;
    }
}
