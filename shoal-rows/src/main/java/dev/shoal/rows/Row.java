package dev.shoal.rows;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.Timings;
import dev.shoal.Urls;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The columns of one output row: what became of one request, as {@code shoal fetch} and the Flink job write
 * it ({@link RowWriter}). A response of any status is a success (a status, no error); a failure has a null
 * status and bytes, and an error kind and message. Plain values only (no {@code Path}, no exception), so that
 * Flink moves rows between tasks and into checkpoints as POJOs, not through Kryo.
 *
 * @param url             the request's URL as given, without credentials
 * @param finalUrl        the URL of the final response as the WHATWG URL Standard serializes it, without credentials
 * @param status          the final response's status, or null for a failure
 * @param bytes           the decoded body's length, or null for a failure
 * @param startedAtMillis epoch milliseconds when the request started, 0 when it never did (e.g. an invalid URL)
 * @param sha256          the body's SHA-256 when it was hashed, else null
 * @param bodyPath        where the body was saved, else null
 * @param errorKind       why the request failed, or null for a response
 * @param remoteIp        the IP address the last connection went to, or null when it never connected
 * @param timings         where the time went, or null when the request never started
 * @param etag            the final response's ETag, else null: kept in every row, for a later run's --since
 * @param lastModified    the final response's Last-Modified, else null (as ETag)
 * @param headers         the response header fields the run asked to keep, or null (none asked, or no response)
 * @param unchanged       for a run with --since: true for a 304 to the previous run's validators, false for
 *                        another response, null for a failure or a run without --since
 */
public record Row(long index, String url, String method, Integer status, String finalUrl, int redirects,
                  String protocol, Long bytes, int attempts, long startedAtMillis, long elapsedNanos, String sha256,
                  String bodyPath, ErrorKind errorKind, String errorMessage, String remoteIp, RowTimings timings,
                  String etag, String lastModified, RowHeaders headers, Boolean unchanged) {

    /** A row without validators, kept headers or --since's mark. */
    public Row(long index, String url, String method, Integer status, String finalUrl, int redirects,
               String protocol, Long bytes, int attempts, long startedAtMillis, long elapsedNanos, String sha256,
               String bodyPath, ErrorKind errorKind, String errorMessage, String remoteIp, RowTimings timings) {
        this(index, url, method, status, finalUrl, redirects, protocol, bytes, attempts, startedAtMillis, elapsedNanos,
                sha256, bodyPath, errorKind, errorMessage, remoteIp, timings, null, null, null, null);
    }

    /** A row without a remote address or timings. */
    public Row(long index, String url, String method, Integer status, String finalUrl, int redirects,
               String protocol, Long bytes, int attempts, long startedAtMillis, long elapsedNanos, String sha256,
               String bodyPath, ErrorKind errorKind, String errorMessage) {
        this(index, url, method, status, finalUrl, redirects, protocol, bytes, attempts, startedAtMillis, elapsedNanos,
                sha256, bodyPath, errorKind, errorMessage, null, null);
    }

    /** A row never holds credentials: a URL's user name and password are cut here, whoever made the row. */
    public Row {
        url = Urls.withoutCredentials(url);
        finalUrl = Urls.withoutCredentials(finalUrl);
    }

    /** The row of a request that was sent: its response, or its typed failure. */
    public static Row of(long index, Outcome outcome) {
        return of(index, outcome, List.of());
    }

    /**
     * As {@link #of(long, Outcome)}, keeping the final response's header fields of {@code headerNames} (lower
     * case; see {@link RowHeaders}).
     */
    public static Row of(long index, Outcome outcome, List<String> headerNames) {
        Request request = outcome.request();
        if (outcome instanceof Outcome.Success success) {
            Response r = success.response();
            Headers h = r.headers();
            return new Row(index, request.url(), request.method(), r.status(), r.finalUrl(), r.redirects(),
                    r.protocol(), r.bytes(), r.attempts(), r.startedAtMillis(), r.elapsedNanos(), r.sha256(),
                    r.bodyPath() == null ? null : r.bodyPath().toString(), null, null,
                    ip(r.remoteAddress()), timings(r.startedAtMillis(), r.timings()),
                    h.get("ETag"), h.get("Last-Modified"), headerNames.isEmpty() ? null : RowHeaders.pick(headerNames, h),
                    null);
        }
        ShoalException e = ((Outcome.Failure) outcome).error();
        return new Row(index, request.url(), request.method(), null, null, e.redirects(), null, null, e.attempts(),
                e.startedAtMillis(), e.elapsedNanos(), null, null, e.kind(), e.getMessage(),
                ip(e.remoteAddress()), timings(e.startedAtMillis(), e.timings()));
    }

    /**
     * This row as a run with --since writes it: {@code unchanged} set, and what a 304 does not send again (the
     * body's hash and path, validators it leaves out) taken from the previous run's row of the same URL.
     */
    public Row since(boolean isUnchanged, String hash, String path, String tag, String modified) {
        return new Row(index, url, method, status, finalUrl, redirects, protocol, bytes, attempts, startedAtMillis,
                elapsedNanos, hash, path, errorKind, errorMessage, remoteIp, timings, tag, modified, headers,
                isUnchanged);
    }

    private static String ip(InetSocketAddress remote) {
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return null;
        }
        if (!(address instanceof Inet4Address)) {
            return address.getHostAddress();  // an IPv6 text may carry a scope, which equals does not compare
        }
        AddressText last = lastIp;
        if (last != null && last.address().equals(address)) {
            return last.text();
        }
        String text = address.getHostAddress();
        lastIp = new AddressText(address, text);
        return text;
    }

    /** The IPv4 address of the last row and its text: a run's rows mostly name the same few servers. */
    private static volatile AddressText lastIp;

    private record AddressText(InetAddress address, String text) {
    }

    private static RowTimings timings(long startedAtMillis, Timings t) {
        return startedAtMillis == 0 ? null : RowTimings.of(t);
    }

    /** The row of an input line that never became a request; url and method as far as the line gave them. */
    public static Row failed(long index, String url, String method, ErrorKind kind, String message) {
        return new Row(index, url, method, null, null, 0, null, null, 0, 0, 0, null, null, kind, message);
    }

    public boolean isSuccess() {
        return errorKind == null;
    }
}
