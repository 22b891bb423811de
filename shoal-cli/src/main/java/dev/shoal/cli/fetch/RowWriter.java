package dev.shoal.cli.fetch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one JSON Lines row per request: {@code index, url, method, status, final_url, redirects, protocol,
 * bytes, attempts, started_at, elapsed_ms}, then {@code sha256} and {@code body_path} when asked, then
 * {@code error: {kind, message}} for a failure only. The other columns are in every row, null when they do
 * not apply (a failure has no status, final_url, protocol or bytes; a request that never started has no
 * started_at or elapsed_ms), so readers see one shape. Rows are buffered; the caller flushes in batches.
 *
 * <p>Synchronized only so that an interrupt watchdog can flush while the main thread is stuck elsewhere.
 */
public final class RowWriter implements Flushable, Closeable {
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final JsonGenerator json;
    private final boolean hashColumn;
    private final boolean bodyColumn;

    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn) throws IOException {
        this.json = JSON.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8);
        this.hashColumn = hashColumn;
        this.bodyColumn = bodyColumn;
    }

    public synchronized void write(Outcome outcome) throws IOException {
        if (outcome instanceof Outcome.Success s) {
            success(s.request(), s.response());
        } else {
            failure(outcome.request(), ((Outcome.Failure) outcome).error());
        }
    }

    /** The row of an input line that could not become a request. */
    public synchronized void invalid(long index, LineRequest.Invalid line) throws IOException {
        start(index, line.url(), line.method());
        json.writeNullField("status");
        json.writeNullField("final_url");
        json.writeNumberField("redirects", 0);
        json.writeNullField("protocol");
        json.writeNullField("bytes");
        json.writeNumberField("attempts", 0);
        timing(0, 0);
        bodyColumns(null, null);
        end(ErrorKind.INVALID_REQUEST, line.message());
    }

    private void success(Request request, Response response) throws IOException {
        start(indexOf(request), request.url(), request.method());
        json.writeNumberField("status", response.status());
        json.writeStringField("final_url", response.finalUrl());
        json.writeNumberField("redirects", response.redirects());
        json.writeStringField("protocol", response.protocol());
        json.writeNumberField("bytes", response.bytes());
        json.writeNumberField("attempts", response.attempts());
        timing(response.startedAtMillis(), response.elapsedNanos());
        bodyColumns(response.sha256(), response.bodyPath() == null ? null : response.bodyPath().toString());
        end(null, null);
    }

    private void failure(Request request, ShoalException error) throws IOException {
        start(indexOf(request), request.url(), request.method());
        json.writeNullField("status");
        json.writeNullField("final_url");
        json.writeNumberField("redirects", error.redirects());
        json.writeNullField("protocol");
        json.writeNullField("bytes");
        json.writeNumberField("attempts", error.attempts());
        timing(error.startedAtMillis(), error.elapsedNanos());
        bodyColumns(null, null);
        end(error.kind(), error.getMessage());
    }

    private void start(long index, String url, String method) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", index);
        json.writeStringField("url", url);
        json.writeStringField("method", method);
    }

    private void timing(long startedAtMillis, long elapsedNanos) throws IOException {
        if (startedAtMillis == 0) {
            json.writeNullField("started_at");
            json.writeNullField("elapsed_ms");
        } else {
            json.writeNumberField("started_at", startedAtMillis);
            json.writeFieldName("elapsed_ms");
            json.writeNumber(millis(elapsedNanos));
        }
    }

    private void bodyColumns(String sha256, String bodyPath) throws IOException {
        if (hashColumn) {
            json.writeStringField("sha256", sha256);
        }
        if (bodyColumn) {
            json.writeStringField("body_path", bodyPath);
        }
    }

    private void end(ErrorKind kind, String message) throws IOException {
        if (kind != null) {
            json.writeObjectFieldStart("error");
            json.writeStringField("kind", kind.wireName());
            json.writeStringField("message", message);
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Nanoseconds as decimal milliseconds with microsecond precision ("51.034"), without a double's noise. */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long fraction = micros % 1_000;
        String f = fraction < 10 ? "00" + fraction : fraction < 100 ? "0" + fraction : Long.toString(fraction);
        return (micros / 1_000) + "." + f;
    }

    private static long indexOf(Request request) {
        return (Long) request.tag();
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
