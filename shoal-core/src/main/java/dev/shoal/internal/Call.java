package dev.shoal.internal;

import dev.shoal.ErrorKind;

import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The life of one request through the pipeline: its result future, counters (attempts, redirects),
 * timing, and the deadline. Whatever ends the call first wins: a response, an error, the deadline, or
 * the caller's cancel; the end stops whatever step is in progress (a wait, a connect, an exchange).
 */
public final class Call {
    private final Request request;
    private final ShoalConfig config;
    private final EventLoop loop;
    private final CompletableFuture<Response> result = new CompletableFuture<>();

    private volatile Runnable abortStep;
    private final java.util.ArrayList<Runnable> endHooks = new java.util.ArrayList<>(2);
    private boolean ended;
    private ScheduledFuture<?> deadlineTimer;
    private volatile long startNanos;
    private volatile long startedAtMillis;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile int retries;
    private volatile int redirects;

    Call(Request request, ShoalConfig config, EventLoop loop) {
        this.request = request;
        this.config = config;
        this.loop = loop;
        result.whenComplete(new Ended());
    }

    /** Watches the result, which the caller may also end by cancelling it (a class: see package-info). */
    private final class Ended implements BiConsumer<Response, Throwable> {
        @Override
        public void accept(Response response, Throwable error) {
            ended(error != null);
        }
    }

    /**
     * Runs {@code hook} once when the call ends, before the caller sees the end (so a permit is back by
     * the time a future completes); at once if it has ended already.
     */
    public void onEnd(Runnable hook) {
        synchronized (endHooks) {
            if (!ended) {
                endHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    private void runEndHooks() {
        synchronized (endHooks) {
            if (ended) return;
            ended = true;
        }
        for (Runnable hook : endHooks) {
            hook.run();
        }
    }

    public Request request() {
        return request;
    }

    public ShoalConfig config() {
        return config;
    }

    /** The event loop that runs this call's timers. */
    public EventLoop loop() {
        return loop;
    }

    public CompletableFuture<Response> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The request got its permits: the clock and the deadline start now. */
    public void start() {
        if (result.isDone()) {
            return;  // ended (cancelled) just as its permits came: no clock, no deadline timer left behind
        }
        startNanos = System.nanoTime();
        startedAtMillis = System.currentTimeMillis();
        long deadline = config.deadline().toNanos();
        if (deadline > 0) {
            deadlineNanos = startNanos + deadline;
            deadlineTimer = loop.schedule(this::deadlinePassed, deadline, TimeUnit.NANOSECONDS);
        }
    }

    private void deadlinePassed() {
        fail(Internal.shoalException(ErrorKind.TIMEOUT, "deadline of " + seconds(config.deadline().toNanos()) + " s passed"));
    }

    /** Nanoseconds left before the deadline (Long.MAX_VALUE when there is none). */
    public long remainingNanos() {
        long d = deadlineNanos;
        return d == Long.MAX_VALUE ? Long.MAX_VALUE : d - System.nanoTime();
    }

    /** One more attempt after a retryable failure (redirect hops are not attempts). */
    public void retrying() {
        retries++;
    }

    /** Attempts made: 0 before the request started, then 1 plus the retries. */
    public int attempts() {
        return startNanos == 0 ? 0 : 1 + retries;
    }

    public void redirected() {
        redirects++;
    }

    public int redirects() {
        return redirects;
    }

    /**
     * Registers how to stop the step now in progress (cancel a timer, close a connection); replaced by each
     * step. If the call has already ended, the step is stopped at once.
     */
    public void onAbort(Runnable abort) {
        abortStep = abort;
        if (result.isCompletedExceptionally()) {
            abort.run();
        }
    }

    /** Completes after {@code nanos} on this call's event loop, unless the call ends first. */
    public CompletableFuture<Void> delay(long nanos) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        ScheduledFuture<?> timer = loop.schedule(() -> {
            f.complete(null);
        }, nanos, TimeUnit.NANOSECONDS);
        onAbort(() -> timer.cancel(false));
        return f;
    }

    public void succeed(Response response) {
        long elapsed = System.nanoTime() - startNanos;
        Response complete;
        try {
            complete = ResponseBuilder.from(response).request(request).attempts(attempts()).redirects(redirects)
                    .startedAtMillis(startedAtMillis).elapsedNanos(elapsed).build();
        } catch (RuntimeException e) {
            fail(e);  // the call still ends, once
            return;
        }
        runEndHooks();
        result.complete(complete);
    }

    public void fail(Throwable error) {
        if (result.isDone()) {
            return;
        }
        ShoalException e = Outcomes.asShoalException(Errors.exchangeFailure(error));
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        runEndHooks();
        result.completeExceptionally(Internal.withCallStats(e, attempts(), redirects, startedAtMillis, elapsed));
    }

    /** Completes this call from the pipeline's result. */
    public void complete(Response response, Throwable error) {
        if (error != null) {
            fail(error);
        } else {
            succeed(response);
        }
    }

    private void ended(boolean failed) {
        runEndHooks();  // when the caller cancelled the future itself
        ScheduledFuture<?> t = deadlineTimer;
        if (t != null) {
            t.cancel(false);
        }
        // a success means every step finished; a failure (deadline, cancel) may leave one running
        Runnable abort = abortStep;
        if (failed && abort != null) {
            abort.run();
        }
    }

    static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
}
