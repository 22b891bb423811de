package dev.shoal.cli.fetch;

import dev.shoal.rows.RowColumns;
import dev.shoal.rows.RowFormat;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shoal fetch}'s options for what goes into rows and how they are written: --include-header,
 * --format, --fields, and --since (conditional requests from a previous run's rows).
 */
public final class RowOptions {

    @Option(names = "--include-header", paramLabel = "NAME",
            description = "Keep this response header in each row (repeatable, any case): headers {name: value} "
                    + "with the name in lower case, null when the response had none; a field sent more than once "
                    + "is joined with \", \" (Set-Cookie with a line break). In CSV: a column headers.NAME. "
                    + "ETag and Last-Modified are always kept, as etag and last_modified.")
    private List<String> includeHeaders = new ArrayList<>();

    @Option(names = "--format", paramLabel = "jsonl|csv", defaultValue = "jsonl",
            description = "Write rows as JSON Lines (default) or CSV (RFC 4180: a header line, quoted cells where "
                    + "needed, CRLF line ends; null is an empty cell; nested fields flat: timings.dns, "
                    + "headers.content-type, error.kind, error.message).")
    private String format;

    @Option(names = "--fields", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Write only these columns, in this order (JSON Lines or CSV): any column by its name, "
                    + "a nested one by its path (timings.total, headers.server, error.kind) or a group whole "
                    + "(timings, headers, error). headers.NAME keeps that header as --include-header does.")
    private List<String> fields;

    @Option(names = "--since", paramLabel = "PREVIOUS",
            description = "Re-fetch only what changed since the run that wrote PREVIOUS (its rows, JSON Lines or "
                    + "CSV): a GET or HEAD of a URL that answered there with an ETag or Last-Modified sends them "
                    + "as If-None-Match / If-Modified-Since (unless the request has its own). Rows get "
                    + "unchanged: true for a 304 (keeping PREVIOUS's body_path and sha256), false otherwise.")
    private Path since;

    /** @throws IllegalArgumentException for a format or field that is not one */
    RowFormat format() {
        return RowFormat.parse(format);
    }

    /**
     * The columns rows have: the standard ones for the run's options, or those --fields names.
     *
     * @throws IllegalArgumentException for a field that is not a column of this run
     */
    RowColumns columns(boolean hash, boolean bodies, boolean timings) {
        RowColumns.Options options = new RowColumns.Options(hash, bodies, timings, since != null, includeHeaders);
        for (String h : options.headers()) {
            if (!HeaderOption.isToken(h)) {
                throw new IllegalArgumentException("--include-header '" + h + "' is not a header name");
            }
        }
        return fields == null ? RowColumns.standard(options) : RowColumns.select(fields, options);
    }

    /** The previous run's rows (--since), or null. */
    Path since() {
        return since;
    }
}
