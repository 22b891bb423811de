package dev.shoal.rows;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes one JSON Lines row per request: {@code index, url, method, status, final_url, redirects, protocol,
 * bytes, attempts, started_at, elapsed_ms, remote_ip}, then {@code polite_wait_ms} when a host held the request
 * back (Retry-After, RateLimit, its 429/503 pace, Crawl-delay), then {@code sha256}, {@code body_path} and
 * {@code timings: {queued, dns, connect, tls, wait, download, total}} (milliseconds) when asked, then
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
    private final boolean timingsColumn;

    /**
     * @param hashColumn whether rows have {@code sha256} (the run hashes bodies)
     * @param bodyColumn whether rows have {@code body_path} (the run saves bodies)
     */
    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn) throws IOException {
        this(out, hashColumn, bodyColumn, false);
    }

    /** As {@link #RowWriter(OutputStream, boolean, boolean)}; {@code timingsColumn}: whether rows have {@code timings}. */
    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn, boolean timingsColumn) throws IOException {
        this.json = JSON.createGenerator(new BufferedOutputStream(out, 1 << 16), JsonEncoding.UTF8);
        this.hashColumn = hashColumn;
        this.bodyColumn = bodyColumn;
        this.timingsColumn = timingsColumn;
    }

    public synchronized void write(Row row) throws IOException {
        writeRow(json, row, hashColumn, bodyColumn, timingsColumn);
        json.writeRaw('\n');
    }

    /** One row as its line would have it, without the line break. */
    public static String toJson(Row row, boolean hashColumn, boolean bodyColumn) {
        return toJson(row, hashColumn, bodyColumn, false);
    }

    /** As {@link #toJson(Row, boolean, boolean)}, with the {@code timings} column when asked. */
    public static String toJson(Row row, boolean hashColumn, boolean bodyColumn, boolean timingsColumn) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator one = JSON.createGenerator(out)) {
            writeRow(one, row, hashColumn, bodyColumn, timingsColumn);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    // Field names encoded once: Jackson then copies their bytes instead of escaping each name per row.
    private static final SerializedString INDEX = new SerializedString("index");
    private static final SerializedString URL = new SerializedString("url");
    private static final SerializedString METHOD = new SerializedString("method");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString FINAL_URL = new SerializedString("final_url");
    private static final SerializedString REDIRECTS = new SerializedString("redirects");
    private static final SerializedString PROTOCOL = new SerializedString("protocol");
    private static final SerializedString BYTES = new SerializedString("bytes");
    private static final SerializedString ATTEMPTS = new SerializedString("attempts");
    private static final SerializedString STARTED_AT = new SerializedString("started_at");
    private static final SerializedString ELAPSED_MS = new SerializedString("elapsed_ms");
    private static final SerializedString REMOTE_IP = new SerializedString("remote_ip");
    private static final SerializedString SHA256 = new SerializedString("sha256");
    private static final SerializedString BODY_PATH = new SerializedString("body_path");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString KIND = new SerializedString("kind");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString TIMINGS = new SerializedString("timings");
    private static final SerializedString QUEUED = new SerializedString("queued");
    private static final SerializedString DNS = new SerializedString("dns");
    private static final SerializedString CONNECT = new SerializedString("connect");
    private static final SerializedString TLS = new SerializedString("tls");
    private static final SerializedString WAIT = new SerializedString("wait");
    private static final SerializedString DOWNLOAD = new SerializedString("download");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString POLITE_WAIT_MS = new SerializedString("polite_wait_ms");

    private static void writeRow(JsonGenerator json, Row row, boolean hashColumn, boolean bodyColumn,
                                 boolean timingsColumn) throws IOException {
        json.writeStartObject();
        number(json, INDEX, row.index());
        string(json, URL, row.url());
        string(json, METHOD, row.method());
        number(json, STATUS, row.status());
        string(json, FINAL_URL, row.finalUrl());
        number(json, REDIRECTS, row.redirects());
        string(json, PROTOCOL, row.protocol());
        number(json, BYTES, row.bytes());
        number(json, ATTEMPTS, row.attempts());
        if (row.startedAtMillis() == 0) {
            number(json, STARTED_AT, null);
            number(json, ELAPSED_MS, null);
        } else {
            number(json, STARTED_AT, row.startedAtMillis());
            millis(json, ELAPSED_MS, row.elapsedNanos());
        }
        string(json, REMOTE_IP, row.remoteIp());
        if (row.timings() != null && row.timings().politeNanos() > 0) {
            millis(json, POLITE_WAIT_MS, row.timings().politeNanos());  // only where a host held the request back
        }
        if (hashColumn) {
            string(json, SHA256, row.sha256());
        }
        if (bodyColumn) {
            string(json, BODY_PATH, row.bodyPath());
        }
        if (timingsColumn) {
            timings(json, row.timings());
        }
        if (row.errorKind() != null) {
            json.writeFieldName(ERROR);
            json.writeStartObject();
            string(json, KIND, row.errorKind().wireName());
            string(json, MESSAGE, row.errorMessage());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void timings(JsonGenerator json, RowTimings t) throws IOException {
        json.writeFieldName(TIMINGS);
        if (t == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        millis(json, QUEUED, t.queuedNanos());
        millis(json, DNS, t.dnsNanos());
        millis(json, CONNECT, t.connectNanos());
        millis(json, TLS, t.tlsNanos());
        millis(json, WAIT, t.waitNanos());
        millis(json, DOWNLOAD, t.downloadNanos());
        millis(json, TOTAL, t.totalNanos());
        json.writeEndObject();
    }

    /** Nanoseconds as a number of milliseconds, written without a String in between. */
    private static void millis(JsonGenerator json, SerializedString name, long nanos) throws IOException {
        json.writeFieldName(name);
        char[] digits = new char[24];
        int start = millis(nanos, digits);
        json.writeNumber(digits, start, digits.length - start);
    }

    private static void string(JsonGenerator json, SerializedString name, String value) throws IOException {
        json.writeFieldName(name);
        json.writeString(value);  // null writes null
    }

    private static void number(JsonGenerator json, SerializedString name, Number value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }

    private static void number(JsonGenerator json, SerializedString name, long value) throws IOException {
        json.writeFieldName(name);
        json.writeNumber(value);
    }

    /** Nanoseconds as decimal milliseconds with microsecond precision ("51.034"), without a double's noise. */
    static String millis(long nanos) {
        char[] digits = new char[24];
        int start = millis(nanos, digits);
        return new String(digits, start, digits.length - start);
    }

    /** {@link #millis(long)} into {@code digits}, right-aligned at the end; returns where it starts. */
    private static int millis(long nanos, char[] digits) {
        long micros = Math.max(0, nanos) / 1_000;
        int i = digits.length;
        for (int d = 0; d < 3; d++, micros /= 10) {
            digits[--i] = (char) ('0' + micros % 10);
        }
        digits[--i] = '.';
        do {
            digits[--i] = (char) ('0' + micros % 10);
            micros /= 10;
        } while (micros > 0);
        return i;
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
