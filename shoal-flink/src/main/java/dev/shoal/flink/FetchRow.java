package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Response;
import dev.shoal.ShoalException;

/**
 * What became of one {@link FetchRequest}: the fields of a {@code shoal fetch} row. A response of any status
 * is a success ({@code status} set, no error); a failure has {@code status} null and an error kind and
 * message. {@link RowJson} writes it as the CLI's JSON line. A Flink POJO, like its request.
 *
 * @param startedAt epoch milliseconds when the request started, 0 when it never did (e.g. an invalid URL)
 * @param sha256    the body's SHA-256 when asked for, else null
 * @param errorKind an {@link ErrorKind#wireName()}, or null for a response
 */
public record FetchRow(long index, String url, String method, Integer status, String finalUrl, int redirects,
                       String protocol, long bytes, int attempts, long startedAt, double elapsedMs, String sha256,
                       String errorKind, String errorMessage) {

    /** The row of a completed request: its response, or its typed failure. */
    public static FetchRow of(FetchRequest request, Outcome outcome) {
        if (outcome instanceof Outcome.Success success) {
            Response r = success.response();
            return new FetchRow(request.index(), request.url(), request.method(), r.status(), r.finalUrl(),
                    r.redirects(), r.protocol(), r.bytes(), r.attempts(), r.startedAtMillis(),
                    millis(r.elapsedNanos()), r.sha256(), null, null);
        }
        ShoalException e = ((Outcome.Failure) outcome).error();
        return new FetchRow(request.index(), request.url(), request.method(), null, null, e.redirects(), null, 0,
                e.attempts(), e.startedAtMillis(), millis(e.elapsedNanos()), null, e.kind().wireName(), e.getMessage());
    }

    /** A failure the client did not report itself (a bad input line, Flink's timeout backstop). */
    public static FetchRow failed(FetchRequest request, ErrorKind kind, String message, long startedAt,
                                  long elapsedNanos) {
        return new FetchRow(request.index(), request.url(), request.method(), null, null, 0, null, 0, 0, startedAt,
                millis(elapsedNanos), null, kind.wireName(), message);
    }

    public boolean isSuccess() {
        return errorKind == null;
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
