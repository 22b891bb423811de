package dev.shoal.rows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RowFormatTest {
    private static RowFormat of(String start) {
        byte[] b = start.getBytes(StandardCharsets.UTF_8);
        return RowFormat.detect(b, b.length);
    }

    @Test
    void csvBeginsWithAHeaderLineOfColumnNamesAndAnythingElseIsJsonLines() {
        assertEquals(RowFormat.CSV, of("index,url,method\r\n0,http://a/,GET\r\n"));
        assertEquals(RowFormat.CSV, of("\nheaders.server,status\n"));
        assertEquals(RowFormat.CSV, of("url"));
        assertEquals(RowFormat.JSONL, of("{\"index\":0}\n"));
        assertEquals(RowFormat.JSONL, of("oops\n{\"index\":0}\n"), "a stray first line of JSON rows");
        assertEquals(RowFormat.JSONL, of("urls,status\n"));
        assertEquals(RowFormat.JSONL, of(""));
        assertEquals(RowFormat.CSV, RowFormat.parse("CSV"));
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderLineAsExcelWritesItIsStillCsv() {
        assertEquals(RowFormat.CSV, of("\uFEFFindex,url,method\r\n0,http://a/,GET\r\n"));
        assertEquals(RowFormat.CSV, of("\uFEFFurl"));
        assertEquals(RowFormat.JSONL, of("\uFEFF{\"index\":0}\n"));
    }
}
