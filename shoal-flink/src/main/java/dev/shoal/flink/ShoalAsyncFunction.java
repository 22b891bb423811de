package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Flink's Async I/O over Shoal: each parallel task opens one client in {@link #open} and closes it in
 * {@link #close}; each element's request is sent without blocking the task, and its {@link ResultFuture}
 * completes with exactly one {@link FetchRow}. A failed request is a row with its error kind, never a failed
 * job; so is Flink's timeout, a backstop behind Shoal's own deadline (see {@link ShoalFlinkConfig}).
 *
 * <p>Use it through {@link AsyncFetch}, which gives Flink the capacity and timeout that match the client, or
 * as {@code AsyncDataStream.unorderedWait(in, new ShoalAsyncFunction(config),
 * config.asyncTimeout().toMillis(), MILLISECONDS, config.capacity())}.
 */
public final class ShoalAsyncFunction extends RichAsyncFunction<FetchRequest, FetchRow> {
    private static final long serialVersionUID = 1L;

    private final ShoalFlinkConfig config;

    private transient Shoal shoal;
    private transient BodySink bodySink;
    /** Requests in flight by their element's result future, so that Flink's timeout can cancel one. */
    private transient Map<ResultFuture<FetchRow>, Call> calls;
    private transient volatile boolean closed;

    public ShoalAsyncFunction(ShoalFlinkConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        shoal = config.newClient();
        bodySink = config.bodySink();
        calls = new IdentityHashMap<>();
        closed = false;
    }

    @Override
    public void asyncInvoke(FetchRequest input, ResultFuture<FetchRow> resultFuture) {
        if (input.inputError() != null) {
            resultFuture.complete(List.of(FetchRow.failed(input, ErrorKind.INVALID_REQUEST, input.inputError(), 0, 0)));
            return;
        }
        Request request = input.toRequest(bodySink);
        Call call = new Call(resultFuture);
        synchronized (calls) {
            calls.put(resultFuture, call);
        }
        CompletableFuture<Response> response;
        try {
            response = shoal.send(request);
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        call.response = response;
        // runs on an I/O thread; ResultFuture.complete only hands the row to the task's mailbox
        response.whenComplete((r, error) -> call.finish(FetchRow.of(input, Outcome.of(request, r, error))));
    }

    /** Flink's timeout passed before Shoal answered: a {@code timeout} row, and the request is cancelled. */
    @Override
    public void timeout(FetchRequest input, ResultFuture<FetchRow> resultFuture) {
        Call call;
        synchronized (calls) {
            call = calls.get(resultFuture);
        }
        if (call == null) {
            return; // finished at the same moment
        }
        long elapsed = System.nanoTime() - call.startedNanos;
        call.finish(FetchRow.failed(input, ErrorKind.TIMEOUT,
                "Flink's async timeout passed after " + Duration.ofNanos(elapsed).toMillis()
                        + " ms, before the request's own deadline", call.startedAtMillis, elapsed));
        CompletableFuture<Response> response = call.response;
        if (response != null) {
            response.cancel(false);
        }
    }

    /**
     * Closes the client. When the input ended, Flink drained every element before; otherwise the task is
     * cancelled or failing, and the cancelled requests' rows would have nowhere to go: they are dropped, and
     * their elements are replayed from the last checkpoint.
     */
    @Override
    public void close() {
        closed = true;
        if (shoal != null) {
            shoal.close();
        }
    }

    /** One element's request in flight; it finishes once, whichever of its response or Flink's timeout comes first. */
    private final class Call {
        final ResultFuture<FetchRow> resultFuture;
        final long startedAtMillis = System.currentTimeMillis();
        final long startedNanos = System.nanoTime();
        volatile CompletableFuture<Response> response;

        Call(ResultFuture<FetchRow> resultFuture) {
            this.resultFuture = resultFuture;
        }

        void finish(FetchRow row) {
            Call removed;
            synchronized (calls) {
                removed = calls.remove(resultFuture);
            }
            if (removed != null && !closed) {
                resultFuture.complete(List.of(row));
            }
        }
    }
}
