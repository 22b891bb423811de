package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowWriter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesEncoderTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Row failure = Row.failed(2, "{oops", "GET", ErrorKind.INVALID_REQUEST, "not JSON");

    @Test
    void eachRowIsTheLineShoalFetchWrites() throws IOException {
        new JsonLinesEncoder(false).encode(failure, out);

        assertEquals(RowWriter.toJson(failure, false, false) + "\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aHashingJobHasASha256ColumnInEveryRowEvenAFailure() throws IOException {
        new JsonLinesEncoder(true).encode(failure, out);

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"sha256\":null"), out.toString(StandardCharsets.UTF_8));
    }
}
