package dev.shoal.rows;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one JSON Lines row per request: {@code index, url, method, status, final_url, redirects, protocol,
 * bytes, attempts, started_at, elapsed_ms}, then {@code sha256} and {@code body_path} when asked, then
 * {@code error: {kind, message}} for a failure only. The other columns are in every row, null when they do
 * not apply (a failure has no status, final_url, protocol or bytes; a request that never started has no
 * started_at or elapsed_ms), so readers see one shape. Rows are buffered; the caller flushes in batches.
 * {@link #toJson} writes one row alone (for Flink's per-element encoder) by the same code.
 *
 * <p>Synchronized only so that an interrupt watchdog can flush while the main thread is stuck elsewhere.
 */
public final class RowWriter implements Flushable, Closeable {
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final JsonGenerator json;
    private final boolean hashColumn;
    private final boolean bodyColumn;

    /**
     * @param hashColumn whether rows have {@code sha256} (the run hashes bodies)
     * @param bodyColumn whether rows have {@code body_path} (the run saves bodies)
     */
    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn) throws IOException {
        this.json = JSON.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8);
        this.hashColumn = hashColumn;
        this.bodyColumn = bodyColumn;
    }

    public synchronized void write(Row row) throws IOException {
        writeRow(json, row, hashColumn, bodyColumn);
        json.writeRaw('\n');
    }

    /** One row as its line would have it, without the line break. */
    public static String toJson(Row row, boolean hashColumn, boolean bodyColumn) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator one = JSON.createGenerator(out)) {
            writeRow(one, row, hashColumn, bodyColumn);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void writeRow(JsonGenerator json, Row row, boolean hashColumn, boolean bodyColumn)
            throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", row.index());
        json.writeStringField("url", row.url());
        json.writeStringField("method", row.method());
        numberOrNull(json, "status", row.status());
        json.writeStringField("final_url", row.finalUrl());
        json.writeNumberField("redirects", row.redirects());
        json.writeStringField("protocol", row.protocol());
        numberOrNull(json, "bytes", row.bytes());
        json.writeNumberField("attempts", row.attempts());
        if (row.startedAtMillis() == 0) {
            json.writeNullField("started_at");
            json.writeNullField("elapsed_ms");
        } else {
            json.writeNumberField("started_at", row.startedAtMillis());
            json.writeFieldName("elapsed_ms");
            json.writeNumber(millis(row.elapsedNanos()));
        }
        if (hashColumn) {
            json.writeStringField("sha256", row.sha256());
        }
        if (bodyColumn) {
            json.writeStringField("body_path", row.bodyPath());
        }
        if (row.errorKind() != null) {
            json.writeObjectFieldStart("error");
            json.writeStringField("kind", row.errorKind().wireName());
            json.writeStringField("message", row.errorMessage());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void numberOrNull(JsonGenerator json, String name, Number value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value.longValue());
        }
    }

    /** Nanoseconds as decimal milliseconds with microsecond precision ("51.034"), without a double's noise. */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        String f = fraction < 10 ? "00" + fraction : fraction < 100 ? "0" + fraction : Long.toString(fraction);
        return (micros / 1_000) + "." + f;
    }

    @Override
    public synchronized void flush() throws IOException {
        json.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        json.close();
    }
}
