package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;
import dev.shoal.cli.fetch.LineReader.Line;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineReaderTest {

    private static List<Line> read(byte[] input, int maxLineBytes) throws IOException {
        return read(new ByteArrayInputStream(input), maxLineBytes, new int[1]);
    }

    private static List<Line> read(InputStream in, int maxLineBytes, int[] reads) throws IOException {
        LineReader reader = new LineReader(in, maxLineBytes, () -> reads[0]++);
        List<Line> lines = new ArrayList<>();
        Line line;
        while ((line = reader.next()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> texts(List<Line> lines) {
        return lines.stream().map(Line::text).toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Gives at most {@code step} bytes a read, so that lines and line ends straddle reads. */
    private static InputStream trickle(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void linesEndAsBufferedReaderEndsThem() throws IOException {
        assertEquals(List.of("a", "b", "c", "", "d", "last"), texts(read(utf8("a\nb\r\nc\r\rd\nlast"), 100)));
        assertEquals(List.of("a", ""), texts(read(utf8("a\n\n"), 100)));
        assertEquals(List.of(), texts(read(new byte[0], 100)));
    }

    @Test
    void aByteOrderMarkAtTheStartIsNotPartOfTheFirstLine() throws IOException {
        byte[] input = utf8("\uFEFFhttp://h.test/\n\uFEFFb\n");
        assertEquals(List.of("http://h.test/", "\uFEFFb"), texts(read(input, 100)));
        assertEquals(List.of("http://h.test/", "\uFEFFb"), texts(read(trickle(input, 1), 100, new int[1])));
        assertEquals(List.of(), texts(read(utf8("\uFEFF"), 100)));
        assertEquals(List.of("\uFEFEx"), texts(read(trickle(utf8("\uFEFEx"), 1), 100, new int[1])));
    }

    @Test
    void linesAndLineEndsThatStraddleReadsComeOutWhole() throws IOException {
        byte[] input = utf8("http://a/caf\u00e9\r\nhttp://b/\r\n\r\nhttp://c/");
        for (int step = 1; step <= 4; step++) {
            int[] reads = new int[1];
            assertEquals(List.of("http://a/caf\u00e9", "http://b/", "", "http://c/"),
                    texts(read(trickle(input, step), 100, reads)), "step " + step);
            assertTrue(reads[0] >= input.length / step, "told before each read: " + reads[0]);
        }
    }

    @Test
    void invalidUtf8IsAnInvalidUrlLineShownWithReplacementCharacters() throws IOException {
        byte[] input = {'h', 't', 't', 'p', ':', '/', '/', 'a', '/', (byte) 0xe9, '\n', 'o', 'k', '\n',
                'x', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n'};  // Latin-1 é; then a UTF-16 surrogate as UTF-8
        List<Line> lines = read(input, 100);

        assertEquals(ErrorKind.INVALID_URL, lines.get(0).problem());
        assertEquals("http://a/\ufffd", lines.get(0).text());
        assertTrue(lines.get(0).message().contains("byte 9"), lines.get(0).message());
        assertNull(lines.get(1).problem());
        assertEquals("ok", lines.get(1).text());
        assertEquals(ErrorKind.INVALID_URL, lines.get(2).problem(), "an encoded surrogate is not UTF-8");
    }

    @Test
    void aLineOverTheLimitIsAnInvalidRequestAtAnyPlaceOfTheReads() throws IOException {
        byte[] input = utf8("short\n" + "x".repeat(11) + "\nexactly-10\n" + "y".repeat(30) + "\nafter");
        for (int step : new int[]{1, 3, 7, 1 << 16}) {
            List<Line> lines = read(trickle(input, step), 10, new int[1]);
            assertEquals(5, lines.size(), "step " + step);
            assertEquals("short", lines.get(0).text());
            assertEquals(ErrorKind.INVALID_REQUEST, lines.get(1).problem());
            assertNull(lines.get(1).text());
            assertTrue(lines.get(1).message().contains("longer than 10 bytes"), lines.get(1).message());
            assertEquals("exactly-10", lines.get(2).text());
            assertEquals(ErrorKind.INVALID_REQUEST, lines.get(3).problem());
            assertEquals("after", lines.get(4).text());
        }
    }

    @Test
    void aCommentOrBlankLineOverTheLimitIsSkippedAsAnyComment() throws IOException {
        byte[] input = utf8("  # " + "c".repeat(50) + "\n" + " ".repeat(50) + "\nurl\n");
        for (int step : new int[]{1, 5, 1 << 16}) {
            assertEquals(List.of("url"), texts(read(trickle(input, step), 10, new int[1])), "step " + step);
        }
    }
}
