package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RowParserTest {

    @Test
    void readsTheFieldsOfAResponseRow() throws Exception {
        Row row = RowLines.parse("{\"index\":7,\"url\":\"https://a.example/x\",\"method\":\"GET\",\"status\":404,"
                + "\"final_url\":\"https://a.example/y\",\"redirects\":2,\"protocol\":\"HTTP/2\",\"bytes\":1234,"
                + "\"attempts\":3,\"started_at\":1700000000123,\"elapsed_ms\":12.5,\"sha256\":\"ab\",\"body_path\":\"b/7\"}");
        assertEquals("https://a.example/x", row.url());
        assertEquals(404, row.status());
        assertEquals(2, row.redirects());
        assertEquals("HTTP/2", row.protocol());
        assertEquals(1234, row.bytes());
        assertEquals(3, row.attempts());
        assertEquals(1_700_000_000_123L, row.startedAtMs());
        assertEquals(12.5, row.elapsedMs());
        assertEquals(12_500, row.elapsedMicros());
        assertNull(row.errorKind());
        assertEquals(Outcome.CLIENT_ERROR, row.outcome());
    }

    @Test
    void readsAFailedRowWithItsErrorKindAndMessage() throws Exception {
        Row row = RowLines.parse(RowLines.failure("http://b.example/", "connect_refused", 5, 0.25));
        assertNull(row.status());
        assertEquals("connect_refused", row.errorKind());
        assertEquals("connect_refused happened", row.errorMessage());
        assertEquals(Outcome.FAILED, row.outcome());
    }

    @Test
    void skipsFieldsItDoesNotUseWhateverTheirShape() throws Exception {
        Row row = RowLines.parse("{\"headers\":{\"a\":[1,{\"b\":null}]},\"status\":200,\"started_at\":1,"
                + "\"elapsed_ms\":2,\"extra\":[[],{}],\"error\":null}");
        assertEquals(200, row.status());
        assertEquals(2.0, row.elapsedMs());
        assertEquals(Outcome.OK, row.outcome());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"status\":200,\"started_at\":1,                                    | invalid JSON",
        "[1,2,3]                                                              | not a JSON object",
        "{\"status\":200,\"elapsed_ms\":1}                                    | no started_at",
        "{\"status\":200,\"started_at\":1}                                    | no elapsed_ms",
        "{\"status\":null,\"started_at\":1,\"elapsed_ms\":1}                  | neither status nor error",
        "{\"status\":\"200\",\"started_at\":1,\"elapsed_ms\":1}               | status is not a whole number",
        "{\"status\":42,\"started_at\":1,\"elapsed_ms\":1}                    | status out of range",
        "{\"status\":200,\"started_at\":1,\"elapsed_ms\":-3}                  | elapsed_ms is negative",
        "{\"status\":200,\"started_at\":1.5,\"elapsed_ms\":1}                 | started_at is not a whole number",
        "{\"status\":null,\"started_at\":1,\"elapsed_ms\":1,\"error\":{}}     | error without a kind",
        "{\"status\":null,\"started_at\":1,\"elapsed_ms\":1,\"error\":\"x\"}  | error is not an object",
        "{\"status\":200,\"started_at\":1,\"elapsed_ms\":1} {}                | text after the row",
    })
    void rejectsALineThatIsNotARowWithAReason(String line, String reason) {
        MalformedRowException e = assertThrows(MalformedRowException.class, () -> RowLines.parse(line.strip()));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void readsTheTimingsColumnInPhaseOrderAndRefusesANegativePhase() throws Exception {
        Row row = RowLines.parse(RowLines.timed("https://a.example/", 5, 1, 2, 3, 4, 5, 6));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, row.phasesMs());
        assertNull(RowLines.parse(RowLines.response("https://a.example/", 200, 5, 1, 1)).phasesMs());
        String negative = RowLines.timed("https://a.example/", 5, 1, 2, 3, 4, 5, 6).replace("\"dns\":2.000", "\"dns\":-2");
        org.junit.jupiter.api.Assertions.assertThrows(MalformedRowException.class, () -> RowLines.parse(negative));
    }
}
