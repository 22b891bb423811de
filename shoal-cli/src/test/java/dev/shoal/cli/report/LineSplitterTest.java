package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
        assertEquals(List.of("a", "", "b c", "é"), lines("a\r\n\nb c\n\u00e9\n", 100));
    }

    @Test
    void returnsALastLineThatHasNoNewline() throws IOException {
        assertEquals(List.of("one", "two"), lines("one\ntwo", 100));
    }

    @Test
    void keepsLinesWholeAcrossManySmallReads() throws IOException {
        String longLine = "x".repeat(200_000);
        LineSplitter splitter = new LineSplitter(trickle(longLine + "\nshort\n"), 300_000);
        assertTrue(splitter.next());
        assertEquals(longLine, text(splitter));
        assertTrue(splitter.next());
        assertEquals("short", text(splitter));
        assertFalse(splitter.next());
    }

    @Test
    void skipsALineOverTheLimitWithoutHoldingItAndGoesOn() throws IOException {
        LineSplitter splitter = new LineSplitter(trickle("ok\n" + "y".repeat(50_000) + "\nafter\n"), 1_000);
        assertTrue(splitter.next());
        assertEquals("ok", text(splitter));
        assertTrue(splitter.next());
        assertTrue(splitter.tooLong());
        assertEquals(2, splitter.number());
        assertTrue(splitter.array().length <= 1_001, "buffer grew to " + splitter.array().length);
        assertTrue(splitter.next());
        assertFalse(splitter.tooLong());
        assertEquals("after", text(splitter));
        assertEquals(3, splitter.number());
        assertFalse(splitter.next());
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() throws IOException {
        assertEquals(List.of("z".repeat(64), "end"), lines("z".repeat(64) + "\nend\n", 64));
    }

    @Test
    void tellsBlankLines() throws IOException {
        LineSplitter splitter = new LineSplitter(stream(" \t\nx\n"), 100);
        assertTrue(splitter.next());
        assertTrue(splitter.blank());
        assertTrue(splitter.next());
        assertFalse(splitter.blank());
    }

    private static List<String> lines(String input, int max) throws IOException {
        LineSplitter splitter = new LineSplitter(trickle(input), max);
        List<String> lines = new ArrayList<>();
        while (splitter.next()) {
            assertFalse(splitter.tooLong());
            lines.add(text(splitter));
        }
        return lines;
    }

    private static String text(LineSplitter splitter) {
        return new String(splitter.array(), splitter.offset(), splitter.length(), StandardCharsets.UTF_8);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out at most 7 bytes per read, as a pipe may, so lines straddle many reads. */
    private static InputStream trickle(String text) {
        return new FilterInputStream(stream(text)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }
}
