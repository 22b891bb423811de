package dev.shoal.cli.report;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines without decoding it (a newline byte never occurs inside a UTF-8
 * character), so each line is handed to the JSON parser straight from the buffer. The buffer grows
 * only up to the longest line allowed: a longer line is skipped to its end and reported as too long,
 * so memory stays bounded whatever the input holds.
 */
final class LineSplitter {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private boolean eof;

    private long number;
    private int lineOffset;
    private int lineLength;
    private boolean tooLong;

    LineSplitter(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, maxLineBytes + 1)];
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        tooLong = false;
        int scanned = start;
        while (true) {
            int newline = indexOfNewline(scanned, end);
            if (newline >= 0) {
                emit(newline, newline + 1);
                return true;
            }
            scanned = end;
            if (eof) {
                if (start == end && !tooLong) {
                    return false;
                }
                emit(end, end);
                return true;
            }
            if (end - start > maxLineBytes) {
                // Past the limit: forget what we hold of this line and keep reading to its end.
                tooLong = true;
                start = end = scanned = 0;
            }
            scanned -= fill();
        }
    }

    /** The line number, from 1. */
    long number() {
        return number;
    }

    /** True when the line was longer than the limit; its bytes are then not available. */
    boolean tooLong() {
        return tooLong;
    }

    byte[] array() {
        return buffer;
    }

    int offset() {
        return lineOffset;
    }

    int length() {
        return lineLength;
    }

    /** True when the line holds only spaces and tabs (or nothing). */
    boolean blank() {
        for (int i = lineOffset; i < lineOffset + lineLength; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private void emit(int lineEnd, int nextStart) {
        number++;
        lineOffset = start;
        int length = lineEnd - start;
        if (length > 0 && buffer[lineEnd - 1] == '\r') {
            length--;
        }
        lineLength = tooLong ? 0 : length;
        start = nextStart;
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Compacts, grows if full, reads more; returns how far the held bytes moved toward index 0. */
    private int fill() throws IOException {
        int shift = start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            byte[] larger = new byte[(int) Math.min((long) maxLineBytes + 1, 2L * buffer.length)];
            System.arraycopy(buffer, 0, larger, 0, end);
            buffer = larger;
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            eof = true;
        } else {
            end += read;
        }
        return shift;
    }
}
