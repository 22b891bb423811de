package dev.shoal.rows;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Row writing, once per request: the outcome made a {@link Row} and written as one JSON line by
 * {@link RowWriter}, into a stream that drops the bytes (so the disk is not timed). One success (the
 * throughput job's row) and one failure (a refused connect).
 */
public class RowWriterBenchmark extends ShortRun {
    private RowWriter writer;
    private Outcome success;
    private Outcome failure;
    private Row successRow;
    private Row failureRow;
    private long index;

    @Setup
    public void setUp() throws IOException {
        writer = new RowWriter(OutputStream.nullOutputStream(), false, false);
        long now = System.currentTimeMillis();
        Request request = Request.builder(Samples.URL).tag(41_873L).build();
        Response response = new ResponseBuilder().request(request).status(200).finalUrl(Samples.URL)
                .protocol("http/1.1").bytes(6).attempts(1).startedAtMillis(now).elapsedNanos(1_234_567).build();
        success = new Outcome.Success(request, response);
        ShoalException refused = Internal.withCallStats(Internal.shoalException(ErrorKind.CONNECT_REFUSED,
                "connection refused: 127.0.0.1/127.0.0.1:40322"), 3, 0, now, 402_118_907);
        failure = new Outcome.Failure(request, refused);
        successRow = Row.of(41_873L, success);
        failureRow = Row.of(41_874L, failure);
    }

    @TearDown
    public void tearDown() throws IOException {
        writer.close();
    }

    @Benchmark
    public void writeSuccessRow() throws IOException {
        writer.write(successRow);
    }

    @Benchmark
    public void writeFailureRow() throws IOException {
        writer.write(failureRow);
    }

    /** What {@code shoal fetch} does per outcome: the row made from it, then written. */
    @Benchmark
    public void rowOfSuccessAndWrite() throws IOException {
        writer.write(Row.of(index++, success));
    }
}
