package dev.shoal.cli.fetch;

import dev.shoal.Outcome;
import dev.shoal.rows.Row;

import java.util.List;

/**
 * Makes each outcome's row as the run's options ask: the response headers of --include-header kept, and
 * with --since the {@code unchanged} mark: a 304 is unchanged, and its row carries the previous run's body
 * hash and path (the 304 sent no body) and any validator the 304 left out; another response is not.
 */
final class RowMaker {
    private final List<String> headerNames;
    private final PreviousRows since;

    /**
     * @param headerNames the response headers to keep, lower case
     * @param since       the previous run's rows (--since), or null
     */
    RowMaker(List<String> headerNames, PreviousRows since) {
        this.headerNames = headerNames;
        this.since = since;
    }

    static RowMaker plain() {
        return new RowMaker(List.of(), null);
    }

    Row of(Outcome outcome) {
        // RequestTemplate tags each request with its input index
        Row row = Row.of((Long) outcome.request().tag(), outcome, headerNames);
        if (since == null || row.status() == null) {
            return row;
        }
        if (row.status() != 304) {
            return row.since(false, row.sha256(), row.bodyPath(), row.etag(), row.lastModified());
        }
        PreviousRows.Previous previous = since.get(row.url());
        if (previous == null) {  // a 304 to the request's own If-None-Match: nothing to carry over
            return row.since(true, row.sha256(), row.bodyPath(), row.etag(), row.lastModified());
        }
        return row.since(true, previous.sha256(), previous.bodyPath(),
                row.etag() != null ? row.etag() : previous.etag(),
                row.lastModified() != null ? row.lastModified() : previous.lastModified());
    }
}
