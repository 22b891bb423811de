package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Shoal;
import dev.shoal.rows.Row;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Flink's Async I/O over Shoal: each parallel task opens one client in {@link #open} and closes it in
 * {@link #close}; each element's request is sent without blocking the task, and its {@link ResultFuture}
 * completes with exactly one {@link Row}, the row of {@code shoal fetch}. A failed request is a row with its
 * error kind, never a failed job; so is Flink's timeout, a backstop behind Shoal's own deadline (see
 * {@link ShoalFlinkConfig}).
 *
 * <p>Use it through {@link AsyncFetch}, which gives Flink the capacity and timeout that match the client, or
 * as {@code AsyncDataStream.unorderedWait(in, new ShoalAsyncFunction(config),
 * config.asyncTimeout().toMillis(), MILLISECONDS, config.capacity())}.
 */
public final class ShoalAsyncFunction extends RichAsyncFunction<FetchRequest, Row> {
    private static final long serialVersionUID = 1L;
    /** Each client's open and close in the TaskManager's log: an operator can match them to the task's attempts. */
    private static final Logger LOG = LoggerFactory.getLogger(ShoalAsyncFunction.class);

    private final ShoalFlinkConfig config;

    private transient Shoal shoal;
    private transient BodySink bodySink;
    /** Requests in flight by their element's result future, so that Flink's timeout can cancel one. */
    private transient Map<ResultFuture<Row>, Call> calls;
    private transient volatile boolean closed;
    private transient String attempt;

    public ShoalAsyncFunction(ShoalFlinkConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        shoal = config.newClient();
        bodySink = config.bodySink();
        calls = new IdentityHashMap<>();
        closed = false;
        attempt = describeTask();
        LOG.info("Shoal client opened for {}", attempt);
    }

    @Override
    public void asyncInvoke(FetchRequest input, ResultFuture<Row> resultFuture) {
        if (input.inputError() != null) {
            resultFuture.complete(List.of(
                    Row.failed(input.index(), input.url(), input.method(), ErrorKind.INVALID_REQUEST, input.inputError())));
            return;
        }
        Request request = input.toRequest(bodySink);
        Call call = new Call(request, resultFuture);
        synchronized (calls) {
            calls.put(resultFuture, call);
        }
        CompletableFuture<Outcome> outcome = shoal.sendForOutcome(request);
        call.outcome = outcome;
        // runs on an I/O thread; ResultFuture.complete only hands the row to the task's mailbox
        outcome.thenAccept(o -> call.finish(Row.of(input.index(), o)));
    }

    /** Flink's timeout passed before Shoal answered: a {@code timeout} row, and the request is cancelled. */
    @Override
    public void timeout(FetchRequest input, ResultFuture<Row> resultFuture) {
        Call call;
        synchronized (calls) {
            call = calls.get(resultFuture);
        }
        if (call == null) {
            return; // finished at the same moment
        }
        long elapsed = System.nanoTime() - call.startedNanos;
        // attempts and redirects are Shoal's to know
        call.finish(new Row(input.index(), call.request.url(), call.request.method(), null, null, 0, null, null, 0,
                call.startedAtMillis, elapsed, null, null, ErrorKind.TIMEOUT, "Flink's async timeout passed after "
                + Duration.ofNanos(elapsed).toMillis() + " ms, before the request's own deadline"));
        CompletableFuture<Outcome> outcome = call.outcome;
        if (outcome != null) {
            outcome.cancel(false);
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
            LOG.info("Shoal client closed for {}", attempt);
        }
    }

    /** Which task and attempt this function runs in, for the log. */
    private String describeTask() {
        try {
            TaskInfo task = getRuntimeContext().getTaskInfo();
            return task.getTaskNameWithSubtasks() + " attempt " + task.getAttemptNumber();
        } catch (IllegalStateException noRuntimeContext) {
            return "a function opened outside a Flink task";
        }
    }

    /**
     * The task's mailbox refused a row: the task has ended without closing this function. Flink skips a
     * function's {@code close} when disposing the operator's state throws first, and the client would then
     * keep its connections open beside those of the task that replaces it, over the per-host limit. Closed
     * here on a thread of its own, since this runs on one of the client's event loops, which close waits for.
     */
    private synchronized void closeAbandoned() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("Shoal client of {} closed after its task ended without closing it", attempt);
        Thread closer = new Thread(shoal::close, "shoal-abandoned-client-close");
        closer.setDaemon(true);
        closer.start();
    }

    /** One element's request in flight; it finishes once, whichever of its response or Flink's timeout comes first. */
    private final class Call {
        final Request request;
        final ResultFuture<Row> resultFuture;
        final long startedAtMillis = System.currentTimeMillis();
        final long startedNanos = System.nanoTime();
        volatile CompletableFuture<Outcome> outcome;

        Call(Request request, ResultFuture<Row> resultFuture) {
            this.request = request;
            this.resultFuture = resultFuture;
        }

        void finish(Row row) {
            Call removed;
            synchronized (calls) {
                removed = calls.remove(resultFuture);
            }
            if (removed != null && !closed) {
                try {
                    resultFuture.complete(List.of(row));
                } catch (RejectedExecutionException taskGone) {
                    closeAbandoned();
                }
            }
        }
    }
}
