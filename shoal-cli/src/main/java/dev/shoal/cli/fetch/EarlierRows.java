package dev.shoal.cli.fetch;

import dev.shoal.Urls;
import dev.shoal.rows.RowFormat;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of an earlier run, for --resume: which indexes have a row, and for each a fingerprint of the
 * request it was for (method and URL), so that a row is only kept for the input line it came from: rows
 * of another input would otherwise skip requests silently. A fingerprint is 4 bytes an index; the URL is
 * compared without its user information, which rows may leave out (a password is never written).
 */
public final class EarlierRows {
    private final BitSet done = new BitSet();
    private int[] fingerprints = new int[0];
    private RowFormat format;
    private List<String> csvColumns;

    /** Notes the earlier output's format and, for CSV, the columns of its header line. */
    void format(RowFormat rowFormat, List<String> columns) {
        this.format = rowFormat;
        this.csvColumns = columns;
    }

    /** {@return the earlier output's format, or null when it has no row and no header (empty or missing)} */
    public RowFormat format() {
        return format;
    }

    /** {@return the columns of the earlier CSV output's header line, or null} */
    public List<String> csvColumns() {
        return csvColumns;
    }

    /** Records that {@code index} has a row, for a request of {@code method} to {@code url} (either may be null). */
    public void add(int index, String url, String method) {
        done.set(index);
        if (index >= fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, Math.max(index + 1, fingerprints.length * 3 / 2 + 16));
        }
        fingerprints[index] = fingerprint(url, method);
    }

    public boolean isDone(long index) {
        return index <= Integer.MAX_VALUE && done.get((int) index);
    }

    /** The indexes with a row. */
    public BitSet done() {
        return done;
    }

    /** The highest index with a row, or -1. */
    public int lastIndex() {
        return done.length() - 1;
    }

    /** Whether the row of a done {@code index} was for this request. */
    public boolean matches(long index, String url, String method) {
        return fingerprints[(int) index] == fingerprint(url, method);
    }

    static int fingerprint(String url, String method) {
        long h = 0xcbf29ce484222325L;  // FNV-1a over the chars, folded to 32 bits
        h = mix(h, method);
        h = (h ^ '\n') * 0x100000001b3L;
        h = mix(h, url == null ? null : Urls.withoutCredentials(url));
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h, String s) {
        if (s == null) {
            return (h ^ 0x1ff) * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
