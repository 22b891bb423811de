package dev.shoal.flink;

import org.apache.flink.api.common.serialization.Encoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes each row as a JSON line ({@link RowJson}) for Flink's file sink. */
public final class JsonLinesEncoder implements Encoder<FetchRow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(FetchRow row, OutputStream out) throws IOException {
        out.write(RowJson.write(row).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
