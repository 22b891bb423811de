package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeScannerTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("rows.jsonl"), content, StandardCharsets.UTF_8);
    }

    private static BitSet bits(int... indexes) {
        BitSet bits = new BitSet();
        for (int i : indexes) bits.set(i);
        return bits;
    }

    @Test
    void collectsTheIndexOfEveryRowInAnyOrder() throws IOException {
        Path rows = file("{\"index\":3,\"url\":\"http://a/\",\"error\":{\"kind\":\"dns\",\"message\":\"x\"}}\n"
                + "{\"url\":\"http://b/\",\"index\":0,\"status\":200}\n{\"index\":5}\n");
        assertEquals(bits(0, 3, 5), ResumeScanner.scan(rows).done());
    }

    @Test
    void tornLastLineIsCutOffTheFileAndItsIndexIsNotDone() throws IOException {
        String complete = "{\"index\":0,\"status\":200}\n{\"index\":1,\"status\":200}\n";
        Path rows = file(complete + "{\"index\":2,\"sta");

        assertEquals(bits(0, 1), ResumeScanner.scan(rows).done());
        assertEquals(complete, Files.readString(rows), "appending goes on after the last complete row");
    }

    @Test
    void tornOnlyLineLeavesAnEmptyFile() throws IOException {
        Path rows = file("{\"index\":0,\"st");
        assertEquals(new BitSet(), ResumeScanner.scan(rows).done());
        assertEquals(0, Files.size(rows));
    }

    @Test
    void tornLineLongerThanTheScanBufferIsFoundAndCut() throws IOException {
        String complete = "{\"index\":0}\n";
        Path rows = file(complete + "{\"index\":1,\"url\":\"" + "x".repeat(50_000));
        assertEquals(bits(0), ResumeScanner.scan(rows).done());
        assertEquals(complete, Files.readString(rows));
    }

    @Test
    void missingOrEmptyOutputMeansNothingIsDone() throws IOException {
        assertEquals(new BitSet(), ResumeScanner.scan(dir.resolve("absent.jsonl")).done());
        assertEquals(new BitSet(), ResumeScanner.scan(file("")).done());
    }

    @Test
    void fileThatIsNotShoalOutputIsRefusedRatherThanAppendedTo() throws IOException {
        IOException garbage = assertThrows(IOException.class, () -> ResumeScanner.scan(file("hello world\n")));
        assertTrue(garbage.getMessage().startsWith("cannot resume"), garbage.getMessage());
        IOException noIndex = assertThrows(IOException.class, () -> ResumeScanner.scan(file("{\"index\":0}\n{\"url\":1}\n")));
        assertTrue(noIndex.getMessage().contains("line 2"), noIndex.getMessage());
    }

    @Test
    void eachRowsUrlAndMethodAreKeptToCheckTheInputAgainst() throws IOException {
        Path rows = file("{\"index\":1,\"url\":\"http://u@a/\",\"method\":\"GET\",\"status\":200}\n"
                + "{\"index\":0,\"url\":null,\"method\":null,\"error\":{\"kind\":\"invalid_request\",\"message\":\"x\"}}\n");
        EarlierRows done = ResumeScanner.scan(rows);
        assertTrue(done.matches(1, "http://u:pw@a/", "GET"));
        assertTrue(done.matches(1, "http://a/", "GET"));
        assertFalse(done.matches(1, "http://a/", "HEAD"));
        assertFalse(done.matches(1, "http://b/", "GET"));
        assertTrue(done.matches(0, null, null));
        assertFalse(done.matches(0, "http://a/", "GET"));
        assertEquals(1, done.lastIndex());
    }

    @Test
    void csvRowsSavedByExcelWithAByteOrderMarkAreReadByTheirHeaderNames() throws IOException {
        Path rows = file("\uFEFFindex,url,method\r\n0,http://a/,GET\r\n");
        EarlierRows done = ResumeScanner.scan(rows);
        assertEquals(bits(0), done.done());
        assertEquals(java.util.List.of("index", "url", "method"), done.csvColumns());
        assertTrue(done.matches(0, "http://a/", "GET"));
    }

    @Test
    void csvRowsWithOnlyTheirHeaderLineHaveTheirColumnsAndNoIndexDone() throws IOException {
        Path rows = file("index,url,method,status\r\n");
        EarlierRows done = ResumeScanner.scan(rows);
        assertEquals(new BitSet(), done.done());
        assertEquals(java.util.List.of("index", "url", "method", "status"), done.csvColumns());
        assertEquals(dev.shoal.rows.RowFormat.CSV, done.format());
    }
}
