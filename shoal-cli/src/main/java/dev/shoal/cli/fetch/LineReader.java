package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits the input's bytes into lines, ended as {@code BufferedReader} ends them (LF, CRLF or a lone CR),
 * and decodes each as strict UTF-8. Hostile input cannot take the run down: a line longer than the limit
 * is never held whole (its bytes past the limit are read and dropped) and becomes a line of kind
 * {@code invalid_request}; a line that is not valid UTF-8 is a line of kind {@code invalid_url}, shown with
 * U+FFFD where its bad bytes were, never silently decoded as something else. A line too long to read
 * that is a comment or blank is skipped, as any comment is.
 */
public final class LineReader {
    /** Called before each read of the stream, which may wait for input: a chance to hand on what was read. */
    @FunctionalInterface
    public interface BeforeRead {
        void beforeRead() throws IOException;
    }

    /**
     * One line: its text, or null when it was too long to read; {@code problem} is null for a good line,
     * else the error kind its row gets, with {@code message}.
     */
    public record Line(String text, ErrorKind problem, String message) {
        static Line of(String text) {
            return new Line(text, null, null);
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxLineBytes;
    private final BeforeRead beforeRead;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean eof;
    private boolean atStart = true;
    private boolean skipLf;   // the last line ended with CR: a LF right after it belongs to that ending
    /** The part of a line that began in an earlier buffer's worth. */
    private byte[] partial = new byte[256];
    private int partialLength;
    private long lineBytes;   // the whole current line's length so far, also past the limit
    private int firstVisible = -1;  // the line's first byte that is not white space, or -1 so far

    public LineReader(InputStream in, int maxLineBytes, BeforeRead beforeRead) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.beforeRead = beforeRead;
    }

    /** The next line, or null at the end of the input. */
    public Line next() throws IOException {
        while (true) {
            if (position == limit) {
                if (!fill()) {
                    if (lineBytes == 0) {
                        return null;
                    }
                    Line last = endLine();
                    if (last != null) {
                        return last;
                    }
                    continue;
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            if (end == limit) {
                keep(start, end);
                position = limit;
                continue;
            }
            skipLf = buffer[end] == '\r';
            position = end + 1;
            Line line;
            if (lineBytes == 0) {
                line = decode(buffer, start, end - start);  // the whole line is in the buffer: no copy
            } else {
                keep(start, end);
                line = endLine();
            }
            if (line != null) {
                return line;
            }
        }
    }

    /** Reads more bytes into the buffer; false at the end of the input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        beforeRead.beforeRead();
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            position = limit = 0;
            return false;
        }
        position = 0;
        limit = n;
        if (atStart) {
            atStart = false;
            skipByteOrderMark();
        }
        return true;
    }

    /**
     * A file saved by Windows tools often starts with a UTF-8 byte order mark; it is not part of the first
     * line, which would otherwise be an invalid URL. Reads on while the first bytes could still be one.
     */
    private void skipByteOrderMark() throws IOException {
        while (limit < BOM.length && startsAsBom(limit)) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        if (limit >= BOM.length && startsAsBom(BOM.length)) {
            position = BOM.length;
        }
    }

    private boolean startsAsBom(int length) {
        return Arrays.equals(buffer, 0, length, BOM, 0, length);
    }

    /** Adds bytes of the current line to those kept, up to the limit; the rest are only counted. */
    private void keep(int start, int end) {
        int n = end - start;
        if (firstVisible < 0) {
            for (int i = start; i < end; i++) {
                if (!isWhiteSpace(buffer[i])) {
                    firstVisible = buffer[i] & 0xff;
                    break;
                }
            }
        }
        long before = lineBytes;
        lineBytes += n;
        if (lineBytes > maxLineBytes) {
            partialLength = 0;  // the line is too long to be read: nothing of it is needed any more
            if (partial.length > 256) {
                partial = new byte[256];
            }
            return;
        }
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(maxLineBytes, Math.max(2L * partial.length, before + n)));
        }
        System.arraycopy(buffer, start, partial, partialLength, n);
        partialLength += n;
    }

    /** The line made of the kept bytes; null when it was too long and a comment or blank (it takes no index). */
    private Line endLine() {
        Line line;
        if (lineBytes > maxLineBytes) {
            line = firstVisible < 0 || firstVisible == '#' ? null
                    : new Line(null, ErrorKind.INVALID_REQUEST, "the line is longer than " + maxLineBytes
                    + " bytes (--max-line-bytes)");
        } else {
            line = decode(partial, 0, partialLength);
        }
        if (partial.length > BUFFER_BYTES) {
            partial = new byte[256];  // one long line does not keep its memory for the rest of the run
        }
        partialLength = 0;
        lineBytes = 0;
        firstVisible = -1;
        return line;
    }

    private Line decode(byte[] bytes, int start, int length) {
        if (length > maxLineBytes) {
            // a line that fits in the buffer but not under the limit
            lineBytes = length;
            firstVisible = -1;
            for (int i = start; i < start + length && firstVisible < 0; i++) {
                if (!isWhiteSpace(bytes[i])) {
                    firstVisible = bytes[i] & 0xff;
                }
            }
            return endLine();
        }
        lineBytes = 0;
        firstVisible = -1;
        boolean ascii = true;
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return Line.of(new String(bytes, start, length, StandardCharsets.ISO_8859_1));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, length);
        CharBuffer out = CharBuffer.allocate(length);
        utf8.reset();
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            int at = in.position() - start;
            return new Line(new String(bytes, start, length, StandardCharsets.UTF_8), ErrorKind.INVALID_URL,
                    "the line is not valid UTF-8 (byte " + at + " of the line)");
        }
        return Line.of(out.flip().toString());
    }

    /** White space as {@code Character.isWhitespace} has it, for the bytes that are one character alone. */
    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1c && b <= 0x1f);
    }
}
