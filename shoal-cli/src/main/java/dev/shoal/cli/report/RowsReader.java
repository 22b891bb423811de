package dev.shoal.cli.report;

import dev.shoal.rows.RowFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a file of rows, JSON Lines or CSV, into a {@link RunStats}, one line at a time: nothing of a row is kept
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

    /** JSON Lines, or CSV when the file begins with a header line ({@link RowFormat#detect}; {@link CsvRowsReader}). */
    void readInto(InputStream in, RunStats stats) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        byte[] start = new byte[4096];
        buffered.mark(start.length);
        int length = buffered.readNBytes(start, 0, start.length);
        buffered.reset();
        if (RowFormat.detect(start, length) == RowFormat.CSV) {
            new CsvRowsReader().readInto(buffered, stats);
            return;
        }
        readJsonLines(buffered, stats);
    }

    private void readJsonLines(InputStream in, RunStats stats) throws IOException {
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
