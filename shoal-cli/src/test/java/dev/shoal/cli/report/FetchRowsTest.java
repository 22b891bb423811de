package dev.shoal.cli.report;

import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.rows.RowWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report reads every kind of row that shoal fetch writes (the same writer, not a copy of its format). */
class FetchRowsTest {

    static String line(dev.shoal.rows.Row row) {
        return RowWriter.toJson(row, true, true);
    }

    @Test
    void successFailureAndNeverStartedRowsAllParse() throws Exception {
        Request request = Request.builder("http://a.test/x").tag(0L).build();
        Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://a.test/x")
                .startedAtMillis(1_700_000_000_000L).elapsedNanos(12_345_678).bytes(42).build();
        ShoalException refused = Internal.withCallStats(Internal.shoalException(ErrorKind.CONNECT_REFUSED, "connection refused"),
                1, 0, 1_700_000_000_100L, 2_000_000);

        Row ok = RowLines.parse(line(dev.shoal.rows.Row.of(0, new dev.shoal.Outcome.Success(request, response))));
        assertEquals(200, ok.status());
        assertEquals(42, ok.bytes());

        Row failed = RowLines.parse(line(dev.shoal.rows.Row.of(1, new dev.shoal.Outcome.Failure(request, refused))));
        assertEquals("connect_refused", failed.errorKind());
        assertEquals(0, failed.bytes());
        assertTrue(failed.started());

        Row invalid = RowLines.parse(line(dev.shoal.rows.Row.failed(2, "not a url", "GET", ErrorKind.INVALID_URL, "bad")));
        assertEquals("invalid_url", invalid.errorKind());
        assertFalse(invalid.started());
    }

    @Test
    void aNeverStartedRowCountsAsAFailureButHasNoLatency() throws Exception {
        RunStats stats = new RunStats(300, 200);
        stats.add(RowLines.parse(line(dev.shoal.rows.Row.failed(0, "nope", "GET", ErrorKind.INVALID_URL, "bad"))));
        assertEquals(1, stats.rows());
        assertEquals(1, stats.count(Outcome.FAILED));
        assertEquals(0, stats.latencies().count());
        assertEquals(0, stats.retries(), "no attempt is not a negative retry");
    }
}
