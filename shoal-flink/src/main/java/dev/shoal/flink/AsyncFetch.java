package dev.shoal.flink;

import dev.shoal.rows.Row;

import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import dev.shoal.rows.Row;

import org.apache.flink.streaming.api.datastream.DataStream;
import dev.shoal.rows.Row;

import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.concurrent.TimeUnit;

/** Puts a {@link ShoalAsyncFunction} on a stream with the Flink capacity and timeout that match its client. */
public final class AsyncFetch {

    private AsyncFetch() {
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
