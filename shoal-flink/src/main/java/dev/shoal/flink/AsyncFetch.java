package dev.shoal.flink;

import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.concurrent.TimeUnit;

/** Puts a {@link ShoalAsyncFunction} on a stream with the Flink capacity and timeout that match its client. */
public final class AsyncFetch {

    private AsyncFetch() {
    }

    /** One row per request, in completion order (as {@code shoal fetch} writes them). */
    public static SingleOutputStreamOperator<FetchRow> unordered(DataStream<FetchRequest> requests,
                                                                 ShoalFlinkConfig config) {
        return AsyncDataStream.unorderedWait(requests, new ShoalAsyncFunction(config),
                        config.asyncTimeout().toMillis(), TimeUnit.MILLISECONDS, config.capacity())
                .name("shoal fetch")
                .uid("shoal-fetch");
    }
}
