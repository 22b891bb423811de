package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.body.BodyStream;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The life of one request through the pipeline: its result future, counters (attempts, redirects),
 * timing, and the deadline. Whatever ends the call first wins: a response, an error, the deadline, or
 * the caller's cancel; the end stops whatever step is in progress (a wait, a connect, an exchange).
 * A streamed body ({@link dev.shoal.BodySink#streams()}) is handed out with its response's head; the call then
 * ends with the body (its limits and deadline hold until then), and an end that comes first stops the body.
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
    /** The streamed body of a response on its way to the caller; then the one being streamed. Guarded by endHooks. */
    private BodyStream pendingBody;
    private volatile BodyStream activeBody;
    /** The sink's subscriber has been subscribed (to a body, or to hear how the call failed). Guarded by endHooks. */
    private boolean subscriberHeard;

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
            if (error == null && activeBody != null) {
                return;  // a streamed body: the call ends when the body does
            }
            ended(error != null);
        }
    }

    /** The streamed body has ended, whichever way: so does the call. */
    private final class BodyEnded implements Runnable {
        @Override
        public void run() {
            activeBody = null;
            ended(false);
        }
    }

    /** The exchange is handing out a response whose body streams through {@code body}. */
    public void bodyPending(BodyStream body) {
        synchronized (endHooks) {
            pendingBody = body;
        }
    }

    /** The response with a pending body will not be handed out (its attempt is retried): stop the body. */
    public void dropPendingBody() {
        BodyStream body;
        synchronized (endHooks) {
            body = pendingBody;
            pendingBody = null;
        }
        if (body != null) {
            body.drop();
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
        fail(new ShoalException(ErrorKind.TIMEOUT, "deadline of " + seconds(config.deadline().toNanos()) + " s passed"));
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
            complete = response.toBuilder().request(request).attempts(attempts()).redirects(redirects)
                    .startedAtMillis(startedAtMillis).elapsedNanos(elapsed).build();
        } catch (RuntimeException e) {
            fail(e);  // the call still ends, once
            return;
        }
        BodyStream body;
        synchronized (endHooks) {
            body = pendingBody;
            pendingBody = null;
            if (body != null && !result.isDone()) {
                activeBody = body;
                subscriberHeard = true;
            }
        }
        if (body == null) {
            runEndHooks();
            result.complete(complete);
        } else if (activeBody == body) {
            body.start(new BodyEnded());  // a fail() from now on aborts the body, so the subscriber hears the same end
            result.complete(complete);
        } else {
            body.drop();  // the call ended meanwhile, and its subscriber heard so
        }
    }

    public void fail(Throwable error) {
        BodyStream active = activeBody;
        if (active != null) {
            active.abort(Outcome.asShoalException(Errors.exchangeFailure(error)));  // the deadline or a close during the body
        }
        if (result.isDone()) {
            return;
        }
        ShoalException e = Outcome.asShoalException(Errors.exchangeFailure(error));
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        ShoalException failure = e.withCallStats(attempts(), redirects, startedAtMillis, elapsed);
        tellSubscriber(failure);
        runEndHooks();
        result.completeExceptionally(failure);
    }

    /** A subscriber sink hears every end, also a failure before any body: onSubscribe, then onError. */
    private void tellSubscriber(ShoalException failure) {
        BodyStream pending;
        boolean tell;
        synchronized (endHooks) {
            pending = pendingBody;
            pendingBody = null;
            Flow.Subscriber<?> subscriber = request.sink().subscriber();
            tell = subscriber != null && !subscriberHeard;
            subscriberHeard = true;
        }
        if (pending != null) {
            pending.abort(failure);
            if (tell) {
                pending.start(null);
            } else {
                pending.drop();
            }
        } else if (tell) {
            Flow.Subscriber<?> subscriber = request.sink().subscriber();
            try {
                subscriber.onSubscribe(NoSubscription.INSTANCE);
                subscriber.onError(failure);
            } catch (RuntimeException ignored) {
                // rule 2.13: a subscriber must not throw; the call's failure stands
            }
        }
    }

    private enum NoSubscription implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
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
