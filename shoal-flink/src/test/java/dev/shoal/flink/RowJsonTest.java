package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowJsonTest {

    @Test
    void aResponseIsARowWithItsStatusAndNoError() {
        FetchRequest in = FetchRequest.get(4, "http://h.test/a");
        Request request = in.toRequest(dev.shoal.BodySink.discard());
        Response response = new Response.Builder().request(request).status(404).finalUrl("http://h.test/b")
                .redirects(1).protocol("http/1.1").attempts(2).startedAtMillis(1_700_000_000_123L)
                .elapsedNanos(12_345_678).bytes(9).build();

        String json = RowJson.write(FetchRow.of(in, new Outcome.Success(request, response)));

        assertEquals("{\"index\":4,\"url\":\"http://h.test/a\",\"method\":\"GET\",\"status\":404,"
                + "\"final_url\":\"http://h.test/b\",\"redirects\":1,\"protocol\":\"http/1.1\",\"bytes\":9,"
                + "\"attempts\":2,\"started_at\":1700000000123,\"elapsed_ms\":12.346}", json);
    }

    @Test
    void aHashedBodyAddsItsSha256AfterTheTiming() {
        FetchRequest in = FetchRequest.get(1, "http://h.test/");
        Request request = in.toRequest(dev.shoal.BodySink.sha256());
        Response response = new Response.Builder().request(request).status(200).finalUrl("http://h.test/")
                .startedAtMillis(1).sha256("e3b0c442").build();

        String json = RowJson.write(FetchRow.of(in, new Outcome.Success(request, response)));

        assertTrue(json.endsWith("\"elapsed_ms\":0.0,\"sha256\":\"e3b0c442\"}"), json);
    }

    @Test
    void aFailureIsARowWithNullStatusAndItsErrorKind() {
        FetchRequest in = FetchRequest.get(0, "http://127.0.0.1:1/");
        Request request = in.toRequest(dev.shoal.BodySink.discard());
        ShoalException error = new ShoalException(ErrorKind.CONNECT_REFUSED, "connection refused: 127.0.0.1:1")
                .withCallStats(1, 0, 1_700_000_000_000L, 2_000_000);

        String json = RowJson.write(FetchRow.of(in, new Outcome.Failure(request, error)));

        assertEquals("{\"index\":0,\"url\":\"http://127.0.0.1:1/\",\"method\":\"GET\",\"status\":null,"
                + "\"final_url\":null,\"redirects\":0,\"protocol\":null,\"bytes\":0,\"attempts\":1,"
                + "\"started_at\":1700000000000,\"elapsed_ms\":2.0,"
                + "\"error\":{\"kind\":\"connect_refused\",\"message\":\"connection refused: 127.0.0.1:1\"}}", json);
    }

    @Test
    void aRequestThatNeverStartedHasNoStartTime() {
        FetchRow row = FetchRow.failed(RequestLines.parse(2, "{oops"), ErrorKind.INVALID_REQUEST, "not JSON", 0, 0);

        String json = RowJson.write(row);

        assertEquals("{\"index\":2,\"url\":\"{oops\",\"method\":\"GET\",\"status\":null,\"final_url\":null,"
                + "\"redirects\":0,\"protocol\":null,\"bytes\":0,\"attempts\":0,\"started_at\":null,\"elapsed_ms\":0.0,"
                + "\"error\":{\"kind\":\"invalid_request\",\"message\":\"not JSON\"}}", json);
    }
}
