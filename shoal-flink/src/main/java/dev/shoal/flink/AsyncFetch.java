package dev.shoal.flink;

import dev.shoal.rows.Row;

import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.concurrent.TimeUnit;

/**
 * Puts a {@link ShoalAsyncFunction} on a stream with the Flink capacity and timeout that match its client,
 * after {@link #partitionByOrigin} when the per-host limits must hold for the whole job:
 *
 * <pre>{@code
 * DataStream<Row> rows = AsyncFetch.unordered(AsyncFetch.partitionByOrigin(requests), config);
 * }</pre>
 */
public final class AsyncFetch {

    private AsyncFetch() {
    }

    /**
     * The requests keyed by origin ({@link OriginKey}), so that one parallel task owns each host: its client's
     * {@code maxPerHost} and {@code ratePerHost} are then the job's limits for that host, whatever the
     * parallelism. Without it, each task holds its own limits and a host may see parallelism times as many.
     *
     * <p>The async operator keeps no keyed state: the requests in flight at a checkpoint are stored with the
     * task that sent them and restored to it after a failure. Only when a job is restored with another
     * parallelism are those few restored requests spread over the tasks regardless of their host, for the
     * time of one round of them.
     */
    public static KeyedStream<FetchRequest, String> partitionByOrigin(DataStream<FetchRequest> requests) {
        return requests.keyBy(new OriginKey());
    }

    /** One row per request, in completion order (as {@code shoal fetch} writes them). */
    public static SingleOutputStreamOperator<Row> unordered(DataStream<FetchRequest> requests,
                                                            ShoalFlinkConfig config) {
        return AsyncDataStream.unorderedWait(requests, new ShoalAsyncFunction(config),
                        config.asyncTimeout().toMillis(), TimeUnit.MILLISECONDS, config.capacity())
                .name("shoal fetch")
                .uid("shoal-fetch");
    }
}
