package dev.shoal.flink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link FetchRow} as one JSON line, the row of {@code shoal fetch}: {@code index, url, method,
 * status, final_url, redirects, protocol, bytes, attempts, started_at, elapsed_ms}, then {@code sha256} when
 * the body was hashed and {@code error: {kind, message}} when the request failed.
 */
public final class RowJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private RowJson() {
    }

    public static String write(FetchRow row) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("index", row.index());
            json.writeStringField("url", row.url());
            json.writeStringField("method", row.method());
            if (row.status() == null) {
                json.writeNullField("status");
            } else {
                json.writeNumberField("status", row.status());
            }
            json.writeStringField("final_url", row.finalUrl());
            json.writeNumberField("redirects", row.redirects());
            json.writeStringField("protocol", row.protocol());
            json.writeNumberField("bytes", row.bytes());
            json.writeNumberField("attempts", row.attempts());
            if (row.startedAt() == 0) {
                json.writeNullField("started_at");
            } else {
                json.writeNumberField("started_at", row.startedAt());
            }
            // microseconds are as fine as a wall clock across threads means anything
            json.writeNumberField("elapsed_ms", Math.round(row.elapsedMs() * 1000) / 1000.0);
            if (row.sha256() != null) {
                json.writeStringField("sha256", row.sha256());
            }
            if (row.errorKind() != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("kind", row.errorKind());
                json.writeStringField("message", row.errorMessage());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
