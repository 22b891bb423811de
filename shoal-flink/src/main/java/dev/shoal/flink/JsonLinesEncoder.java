package dev.shoal.flink;

import dev.shoal.rows.Row;
import dev.shoal.rows.RowWriter;

import org.apache.flink.api.common.serialization.Encoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes each row as the JSON line of {@code shoal fetch} ({@link RowWriter#toJson}) for Flink's file sink. */
public final class JsonLinesEncoder implements Encoder<Row> {
    private static final long serialVersionUID = 1L;

    private final boolean hashColumn;

    /** @param hashColumn whether rows have {@code sha256} (the job hashes bodies) */
    public JsonLinesEncoder(boolean hashColumn) {
        this.hashColumn = hashColumn;
    }

    @Override
    public void encode(Row row, OutputStream out) throws IOException {
        out.write(RowWriter.toJson(row, hashColumn, false).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
