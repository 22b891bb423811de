package dev.shoal.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams the CSV rows of {@code shoal fetch --format csv} into a {@link RunStats}: the header line names
 * the columns (any order, any subset: the report reads those it knows, by the same rules as JSON rows), and
 * a record may span lines (a quoted line break). A record that breaks those rules is counted as malformed;
 * broken quoting ends the reading there, counted as one malformed line.
 */
final class CsvRowsReader {
    private static final CsvFactory CSV = new CsvFactory();

    void readInto(InputStream in, RunStats stats) throws IOException {
        try (CsvParser p = CSV.createParser(in)) {
            p.setSchema(CsvSchema.emptySchema().withHeader());
            Map<String, String> cells = new HashMap<>();
            try {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    long line = p.currentLocation().getLineNr();
                    cells.clear();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        cells.put(name, p.getText());
                    }
                    try {
                        stats.add(row(cells));
                    } catch (MalformedRowException e) {
                        stats.malformed(line, e.getMessage());
                    }
                }
            } catch (JsonProcessingException e) {
                stats.malformed(e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not CSV: " + e.getOriginalMessage());
            }
        }
    }

    /** One record's cells as a row: an empty cell is null. */
    static Row row(Map<String, String> cells) throws MalformedRowException {
        String status = cell(cells, "status");
        String errorKind = cell(cells, "error.kind");
        String startedAt = cell(cells, "started_at");
        String elapsed = cell(cells, "elapsed_ms");
        if (!cells.containsKey("started_at")) {
            throw new MalformedRowException("no started_at");
        }
        if (!cells.containsKey("elapsed_ms")) {
            throw new MalformedRowException("no elapsed_ms");
        }
        if (status == null && errorKind == null) {
            throw new MalformedRowException("neither status nor error");
        }
        Integer code = null;
        if (status != null) {
            long s = whole(status, "status");
            if (s < 100 || s > 999) {
                throw new MalformedRowException("status out of range");
            }
            code = (int) s;
        }
        boolean neverStarted = startedAt == null || elapsed == null;
        if (neverStarted && errorKind == null) {
            throw new MalformedRowException("a response without started_at or elapsed_ms");
        }
        double[] phases = null;
        if (!neverStarted && cells.containsKey("timings." + Phases.NAMES[0]) && cell(cells, "timings." + Phases.NAMES[0]) != null) {
            phases = new double[Phases.NAMES.length];
            for (int i = 0; i < phases.length; i++) {
                String ms = cell(cells, "timings." + Phases.NAMES[i]);
                phases[i] = ms == null ? 0 : decimal(ms, "timings." + Phases.NAMES[i]);
            }
        }
        String bytes = cell(cells, "bytes");
        String attempts = cell(cells, "attempts");
        String redirects = cell(cells, "redirects");
        return new Row(cell(cells, "url"), code, bytes == null ? 0 : whole(bytes, "bytes"),
                attempts == null ? 1 : (int) Math.min(Integer.MAX_VALUE, whole(attempts, "attempts")),
                redirects == null ? 0 : (int) Math.min(Integer.MAX_VALUE, whole(redirects, "redirects")),
                cell(cells, "protocol"),
                neverStarted ? Row.NEVER_STARTED : whole(startedAt, "started_at"),
                neverStarted ? 0.0 : decimal(elapsed, "elapsed_ms"),
                errorKind, cell(cells, "error.message"), phases);
    }

    private static String cell(Map<String, String> cells, String name) {
        String v = cells.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private static long whole(String text, String field) throws MalformedRowException {
        if (!text.matches("\\d{1,18}")) {
            throw new MalformedRowException(field + " is not a whole number");
        }
        return Long.parseLong(text);
    }

    private static double decimal(String text, String field) throws MalformedRowException {
        if (!text.matches("\\d{1,18}(\\.\\d{1,9})?")) {
            throw new MalformedRowException(field + " is not a number");
        }
        return Double.parseDouble(text);
    }
}
