package dev.shoal.cli.report;

/**
 * The fields of one result row that the report reads; every other field of the row is ignored.
 *
 * @param url          the requested URL as written in the row, or null when the row has none
 * @param status       the HTTP status, or null when the request failed without a response
 * @param bytes        decoded body bytes received
 * @param attempts     how many times the request was sent (1 when it was not retried)
 * @param redirects    how many redirects were followed
 * @param protocol     the HTTP version that answered, or null
 * @param startedAtMs  when the request started, epoch milliseconds; {@link #NEVER_STARTED} for a request that
 *                     failed before it started (an invalid URL), which has no time and no latency
 * @param elapsedMs    how long the request took, redirects and retries included
 * @param errorKind    the error kind when the request failed, else null
 * @param errorMessage the error message when the request failed, else null
 * @param phasesMs     where the time went in milliseconds, in the order of {@link Phases#NAMES}, or null when
 *                     the row has no timings
 * @param politeWaitMs how long a host held the request back ({@code polite_wait_ms}), 0 when it did not
 */
record Row(String url, Integer status, long bytes, int attempts, int redirects, String protocol,
           long startedAtMs, double elapsedMs, String errorKind, String errorMessage, double[] phasesMs,
           double politeWaitMs) {

    Row(String url, Integer status, long bytes, int attempts, int redirects, String protocol,
        long startedAtMs, double elapsedMs, String errorKind, String errorMessage, double[] phasesMs) {
        this(url, status, bytes, attempts, redirects, protocol, startedAtMs, elapsedMs, errorKind, errorMessage, phasesMs, 0);
    }

    Row(String url, Integer status, long bytes, int attempts, int redirects, String protocol,
        long startedAtMs, double elapsedMs, String errorKind, String errorMessage) {
        this(url, status, bytes, attempts, redirects, protocol, startedAtMs, elapsedMs, errorKind, errorMessage, null);
    }

    static final long NEVER_STARTED = -1;

    boolean started() {
        return startedAtMs != NEVER_STARTED;
    }

    Outcome outcome() {
        return Outcome.of(status, errorKind);
    }

    long endedAtMs() {
        return startedAtMs + Math.round(elapsedMs);
    }

    long elapsedMicros() {
        return Math.round(elapsedMs * 1000.0);
    }
}
