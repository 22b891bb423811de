package dev.shoal.cli.report;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a JSON Lines file of rows into a {@link RunStats}, one line at a time: nothing of a row is kept
 * once it is counted. Blank lines are skipped; a line that is not a row is counted as malformed and the
 * reading goes on.
 */
final class RowsReader {
    /** Rows are a few hundred bytes; a line this long is not one, and is not buffered whole. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final RowParser parser = new RowParser();
    private final int maxLineBytes;

    RowsReader() {
        this(MAX_LINE_BYTES);
    }

    RowsReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    void readInto(InputStream in, RunStats stats) throws IOException {
        LineSplitter lines = new LineSplitter(in, maxLineBytes);
        while (lines.next()) {
            if (lines.tooLong()) {
                stats.malformed(lines.number(), "line longer than " + maxLineBytes + " bytes");
            } else if (!lines.blank()) {
                try {
                    stats.add(parser.parse(lines.array(), lines.offset(), lines.length()));
                } catch (MalformedRowException e) {
                    stats.malformed(lines.number(), e.getMessage());
                }
            }
        }
    }
}
