package dev.shoal.cli.fetch;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStatsTest {

    private static Outcome response(int status, long elapsedMillis) {
        Request request = Request.builder("http://a/").tag(0L).build();
        return new Outcome.Success(request, new ResponseBuilder().request(request).status(status)
                .elapsedNanos(elapsedMillis * 1_000_000).build());
    }

    private static Outcome failure(ErrorKind kind) {
        return new Outcome.Failure(Request.builder("http://a/").tag(0L).build(), Internal.shoalException(kind, "x"));
    }

    @Test
    void summaryCountsByStatusAndErrorKindWithRateAndLatencyPercentiles() {
        RunStats stats = new RunStats();
        for (int i = 1; i <= 100; i++) {
            stats.record(response(i <= 90 ? 200 : 404, i));
        }
        stats.record(failure(ErrorKind.READ_TIMEOUT));
        stats.record(failure(ErrorKind.CONNECT_REFUSED));
        stats.record(failure(ErrorKind.READ_TIMEOUT));
        stats.recordInvalidLine();

        List<String> summary = stats.summary(2_000_000_000L);

        assertEquals("104 requests in 2.00 s (52.0 req/s): 100 responses, 4 errors", summary.get(0));
        assertEquals("  status   200: 90  404: 10", summary.get(1));
        assertEquals("  errors   connect_refused: 1  invalid_request: 1  read_timeout: 2", summary.get(2));
        assertTrue(summary.get(3).matches("  latency  p50 50\\.\\d ms  p90 90\\.\\d ms  p99 99\\.\\d ms  max 100\\.\\d ms"),
                summary.get(3));
        assertEquals(104, stats.rows());
        assertEquals(4, stats.errors());
    }

    @Test
    void runWithOnlyErrorsHasNoStatusOrLatencyLine() {
        RunStats stats = new RunStats();
        stats.record(failure(ErrorKind.DNS));
        assertEquals(List.of("1 requests in 1.00 s (1.0 req/s): 0 responses, 1 errors", "  errors   dns: 1"),
                stats.summary(1_000_000_000L));
    }
}
