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
import java.util.List;

/**
 * Writes one row per request, as JSON Lines (the default) or CSV ({@link RowFormat}), with the columns of a
 * {@link RowColumns}: by default {@code index, url, method, status, final_url, redirects, protocol, bytes,
 * attempts, started_at, elapsed_ms, remote_ip, polite_wait_ms, etag, last_modified}, then {@code unchanged}, {@code sha256},
 * {@code body_path}, {@code timings: {queued, dns, connect, tls, wait, download, total}} (milliseconds) and
 * {@code headers: {name: value}} when asked, then {@code error: {kind, message}}. In JSON the other columns are
 * in every row, null when they do not apply (a failure has no status, final_url, protocol or bytes; a request
 * that never started has no started_at or elapsed_ms), so readers see one shape; {@code error} is written for a
 * failure only. In CSV every column is a cell of every row, empty for null, nested ones flat under their path
 * ({@code timings.dns}, {@code headers.content-type}, {@code error.kind}). Rows are buffered; the caller flushes
 * in batches. {@link #toJson} writes one row alone (for Flink's per-element encoder) by the same code.
 *
 * <p>Synchronized only so that an interrupt watchdog can flush while the main thread is stuck elsewhere.
 */
public final class RowWriter implements Flushable, Closeable {
    private static final JsonFactory JSON = new JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final JsonGenerator json;
    private final JsonLayout layout;
    private final CsvRows csv;

    /**
     * @param hashColumn whether rows have {@code sha256} (the run hashes bodies)
     * @param bodyColumn whether rows have {@code body_path} (the run saves bodies)
     */
    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn) throws IOException {
        this(out, hashColumn, bodyColumn, false);
    }

    /** As {@link #RowWriter(OutputStream, boolean, boolean)}; {@code timingsColumn}: whether rows have {@code timings}. */
    public RowWriter(OutputStream out, boolean hashColumn, boolean bodyColumn, boolean timingsColumn) throws IOException {
        this(out, RowFormat.JSONL, standard(hashColumn, bodyColumn, timingsColumn), true);
    }

    /**
     * @param format  JSON Lines or CSV
     * @param columns the columns, in order
     * @param header  for CSV, whether to begin with the header line (not when appending to rows that have it)
     */
    public RowWriter(OutputStream out, RowFormat format, RowColumns columns, boolean header) throws IOException {
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        if (format == RowFormat.CSV) {
            this.csv = new CsvRows(buffered, columns, header);
            this.json = null;
            this.layout = null;
        } else {
            this.csv = null;
            this.json = JSON.createGenerator(buffered, JsonEncoding.UTF8);
            this.layout = JsonLayout.of(columns);
        }
    }

    private static RowColumns standard(boolean hash, boolean bodies, boolean timings) {
        return RowColumns.standard(new RowColumns.Options(hash, bodies, timings, false, List.of()));
    }

    public synchronized void write(Row row) throws IOException {
        if (csv != null) {
            csv.write(row);
        } else {
            layout.write(json, row);
            json.writeRaw('\n');
        }
    }

    /** One row as its line would have it, without the line break. */
    public static String toJson(Row row, boolean hashColumn, boolean bodyColumn) {
        return toJson(row, hashColumn, bodyColumn, false);
    }

    /** As {@link #toJson(Row, boolean, boolean)}, with the {@code timings} column when asked. */
    public static String toJson(Row row, boolean hashColumn, boolean bodyColumn, boolean timingsColumn) {
        return toJson(row, JsonLayout.of(standard(hashColumn, bodyColumn, timingsColumn)));
    }

    /** One row as JSON with {@code columns}, without the line break. */
    public static String toJson(Row row, RowColumns columns) {
        return toJson(row, JsonLayout.of(columns));
    }

    private static String toJson(Row row, JsonLayout layout) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator one = JSON.createGenerator(out)) {
            layout.write(one, row);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Writes the value of one column of {@code row}: a number, a string, a boolean or null. CSV's generator
     * is a JSON generator too, so both formats write values by this one method.
     */
    static void value(JsonGenerator g, Row row, RowColumns.Column column) throws IOException {
        RowTimings t = row.timings();
        switch (column.field()) {
            case INDEX -> g.writeNumber(row.index());
            case URL -> g.writeString(row.url());
            case METHOD -> g.writeString(row.method());
            case STATUS -> number(g, row.status());
            case FINAL_URL -> g.writeString(row.finalUrl());
            case REDIRECTS -> g.writeNumber(row.redirects());
            case PROTOCOL -> g.writeString(row.protocol());
            case BYTES -> number(g, row.bytes());
            case ATTEMPTS -> g.writeNumber(row.attempts());
            case STARTED_AT -> number(g, row.startedAtMillis() == 0 ? null : row.startedAtMillis());
            case ELAPSED_MS -> {
                if (row.startedAtMillis() == 0) {
                    g.writeNull();
                } else {
                    millis(g, row.elapsedNanos());
                }
            }
            case REMOTE_IP -> g.writeString(row.remoteIp());
            case POLITE_WAIT_MS -> {
                if (t == null || t.politeNanos() == 0) {
                    g.writeNull();
                } else {
                    millis(g, t.politeNanos());
                }
            }
            case ETAG -> g.writeString(row.etag());
            case LAST_MODIFIED -> g.writeString(row.lastModified());
            case UNCHANGED -> {
                if (row.unchanged() == null) {
                    g.writeNull();
                } else {
                    g.writeBoolean(row.unchanged());
                }
            }
            case SHA256 -> g.writeString(row.sha256());
            case BODY_PATH -> g.writeString(row.bodyPath());
            case QUEUED -> timing(g, t, t == null ? 0 : t.queuedNanos());
            case DNS -> timing(g, t, t == null ? 0 : t.dnsNanos());
            case CONNECT -> timing(g, t, t == null ? 0 : t.connectNanos());
            case TLS -> timing(g, t, t == null ? 0 : t.tlsNanos());
            case WAIT -> timing(g, t, t == null ? 0 : t.waitNanos());
            case DOWNLOAD -> timing(g, t, t == null ? 0 : t.downloadNanos());
            case TOTAL -> timing(g, t, t == null ? 0 : t.totalNanos());
            case HEADER -> g.writeString(row.headers() == null ? null : row.headers().get(column.headerName()));
            case ERROR_KIND -> g.writeString(row.errorKind() == null ? null : row.errorKind().wireName());
            case ERROR_MESSAGE -> g.writeString(row.errorMessage());
        }
    }

    private static void timing(JsonGenerator g, RowTimings t, long nanos) throws IOException {
        if (t == null) {
            g.writeNull();
        } else {
            millis(g, nanos);
        }
    }

    private static void number(JsonGenerator g, Number value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.longValue());
        }
    }

    /** Nanoseconds as a number of milliseconds, written without a String in between. */
    private static void millis(JsonGenerator json, long nanos) throws IOException {
        char[] digits = new char[24];
        int start = millis(nanos, digits);
        json.writeNumber(digits, start, digits.length - start);
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
        if (csv != null) {
            csv.flush();
        } else {
            json.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (csv != null) {
            csv.close();
        } else {
            json.close();
        }
    }
}
