package dev.shoal.internal.call;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.Timings;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.internal.body.BodyStream;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BiConsumer;

/**
 * The life of one request through the pipeline: its result future, counters (attempts, redirects),
 * timing, and the deadline. Whatever ends the call first wins: a response, an error, the deadline, or
 * the caller's cancel; the end stops whatever step is in progress (a wait, a connect, an exchange).
 * A streamed body ({@link dev.shoal.BodySink#streams()}) is handed out with its response's head; the call then
 * ends with the body (its limits and deadline hold until then), and an end that comes first stops the body.
 */
public final class Call {
    /** The redirect limit of a call that does not follow redirects. */
    public static final int NO_REDIRECTS = -1;

    private final Request request;
    private final ShoalConfig config;
    private final EventLoop loop;
    private final CompletableFuture<Response> result = new CompletableFuture<>();

    private volatile Runnable abortStep;
    private static final AtomicReferenceFieldUpdater<Call, Runnable> ABORT_STEP =
            AtomicReferenceFieldUpdater.newUpdater(Call.class, Runnable.class, "abortStep");
    private final java.util.ArrayList<Runnable> endHooks = new java.util.ArrayList<>(2);
    private boolean ended;
    private final Deadlines deadlines;
    private volatile long startNanos;
    private volatile long startedAtMillis;
    volatile long deadlineNanos = Long.MAX_VALUE;
    // this call's place in its client's line of deadlines; guarded by the Deadlines
    boolean deadlineListed;
    Call deadlinePrevious;
    Call deadlineNext;
    private volatile int retries;
    private volatile int redirects;
    /** Redirects followed at most, {@link #NO_REDIRECTS} when a redirect is the response. */
    private final int maxRedirects;
    /** The streamed body of a response on its way to the caller; then the one being streamed. Guarded by endHooks. */
    private BodyStream pendingBody;
    private volatile BodyStream activeBody;
    /** The response whose body is being streamed, for the listener's call end. */
    private volatile Response streamedResponse;
    /** The sink's subscriber has been subscribed (to a body, or to hear how the call failed). Guarded by endHooks. */
    private boolean subscriberHeard;

    private final Events events;
    // where the time went (see Timings), summed over attempts and hops; each step adds its own, one after another
    private final long createdNanos;
    private long queuedNanos;
    private long dnsNanos;
    private long connectNanos;
    private long tlsNanos;
    private long waitNanos;
    private long downloadNanos;
    private long politeNanos;
    private volatile InetSocketAddress remoteAddress;

    public Call(Request request, ShoalConfig config, EventLoop loop) {
        this(request, config, loop, redirectLimit(config));
    }

    /** The redirects a call of {@code config} follows at most: {@link #NO_REDIRECTS} when it follows none. */
    public static int redirectLimit(ShoalConfig config) {
        return config.followRedirects() ? config.maxRedirects() : NO_REDIRECTS;
    }

    /**
     * As {@link #Call(Request, ShoalConfig, EventLoop)}, following at most {@code maxRedirects} redirects whatever the
     * config says ({@link #NO_REDIRECTS}: a redirect is the response): for the client's own side requests.
     */
    public Call(Request request, ShoalConfig config, EventLoop loop, int maxRedirects) {
        this(request, config, loop, maxRedirects, new Deadlines(loop, config.deadline().toNanos()));
    }

    /**
     * As {@link #Call(Request, ShoalConfig, EventLoop, int)}, its deadline kept among {@code deadlines}: those of
     * the client's other calls, which must all have the config's deadline.
     */
    public Call(Request request, ShoalConfig config, EventLoop loop, int maxRedirects, Deadlines deadlines) {
        this.request = request;
        this.deadlines = deadlines;
        this.config = config;
        this.maxRedirects = maxRedirects;
        this.loop = loop;
        this.createdNanos = System.nanoTime();
        this.events = Events.of(config.eventListenerFactory(), request);
        events.callStart();
        result.whenComplete(new Ended());
    }

    /** This request's listener (one that hears nothing when none is set). */
    public Events events() {
        return events;
    }

    /** Time spent waiting for this client's own limits: permits, the rate token, a pooled connection. */
    public void addQueued(long nanos) {
        queuedNanos += Math.max(0, nanos);
    }

    /** Time held back because a host asked (Retry-After, RateLimit, an adapted pace, Crawl-delay). */
    public void addPolite(long nanos) {
        politeNanos += Math.max(0, nanos);
    }

    /** The set-up of a new connection this request waited for. */
    public void addConnectionSetup(long dns, long connect, long tls) {
        dnsNanos += dns;
        connectNanos += connect;
        tlsNanos += tls;
    }

    /** One exchange: request sent to response head, and head to the end of the body. */
    public void addExchange(long wait, long download) {
        waitNanos += Math.max(0, wait);
        downloadNanos += Math.max(0, download);
    }

    /** The connection the current exchange runs on goes to {@code remote}. */
    public void connectedTo(InetSocketAddress remote) {
        remoteAddress = remote;
    }

    /** Where the time went until now. */
    public Timings timings() {
        return new Timings(queuedNanos, dnsNanos, connectNanos, tlsNanos, waitNanos, downloadNanos,
                System.nanoTime() - createdNanos, politeNanos);
    }

    /** Watches the result, which the caller may also end by cancelling it (a class: see package-info). */
    private final class Ended implements BiConsumer<Response, Throwable> {
        @Override
        public void accept(Response response, Throwable error) {
            if (error == null && activeBody != null) {
                return;  // a streamed body: the call ends when the body does
            }
            if (error instanceof CancellationException) {
                // the caller cancelled the future: a subscriber sink still hears how the request ended
                tellSubscriber(stamped(Internal.shoalException(ErrorKind.CANCELLED, "cancelled")));
            }
            ended(error != null);
        }
    }

    /** The streamed body has ended, whichever way: so does the call. */
    private final class BodyEnded implements Runnable {
        @Override
        public void run() {
            activeBody = null;
            if (runEndHooks()) {
                events.callEnd(streamedResponse);
            }
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

    /** Runs the end hooks, once; false when they had run already. */
    private boolean runEndHooks() {
        synchronized (endHooks) {
            if (ended) return false;
            ended = true;
        }
        for (Runnable hook : endHooks) {
            hook.run();
        }
        return true;
    }

    public Request request() {
        return request;
    }

    public ShoalConfig config() {
        return config;
    }

    /**
     * Whether this call follows the redirect a response head asks for. Decided here only: the exchange drops the
     * body of a redirect that will be followed, and the redirect stage follows exactly those.
     */
    public boolean followsRedirect(int status, Headers headers) {
        return maxRedirects != NO_REDIRECTS && isRedirect(status) && headers.contains("Location");
    }

    /** How many redirects this call follows before it fails as {@code too_many_redirects}. */
    public int maxRedirects() {
        return maxRedirects;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
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
        long now = System.nanoTime();
        startNanos = now;
        startedAtMillis = System.currentTimeMillis();
        if (deadlines.enabled()) {
            deadlines.add(this, now);
            if (result.isDone()) {
                deadlines.remove(this);  // ended (cancelled) just now, after the check above: not left in the line
            }
        }
    }

    void deadlinePassed() {
        fail(Internal.shoalException(ErrorKind.TIMEOUT, "deadline of " + seconds(deadlines.lengthNanos()) + " s passed"));
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

    /**
     * The step that registered {@code abort} has ended and handed its resource on (a connection back to the
     * pool): a later failure of this call must not run it, or it would close what another call now uses.
     */
    public void stepEnded(Runnable abort) {
        ABORT_STEP.compareAndSet(this, abort, null);
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
                    .startedAtMillis(startedAtMillis).elapsedNanos(elapsed)
                    .timings(timings()).remoteAddress(remoteAddress).build();
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
                streamedResponse = complete;
                subscriberHeard = true;
            }
        }
        if (body == null) {
            if (runEndHooks()) {
                events.callEnd(complete);
            }
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
            active.abort(Outcomes.asShoalException(Errors.exchangeFailure(error)));  // the deadline or a close during the body
        }
        if (result.isDone()) {
            return;
        }
        ShoalException e = Outcomes.asShoalException(Errors.exchangeFailure(error));
        ShoalException stamped = stamped(e);
        tellSubscriber(stamped);
        if (runEndHooks()) {
            events.callFailed(stamped);
        }
        result.completeExceptionally(stamped);
    }

    private ShoalException stamped(ShoalException e) {
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        return Internal.withCallStats(e, attempts(), redirects, startedAtMillis, elapsed, timings(), remoteAddress);
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
            } catch (RuntimeException | Error ignored) {
                // rule 2.13: a subscriber must not throw; the call's failure stands, and its future still completes
                // (an assertion failing in a caller's onError would otherwise leave it, and its permits, for ever)
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
        if (runEndHooks()) {  // when the caller cancelled the future itself
            events.callFailed(stamped(Internal.shoalException(ErrorKind.CANCELLED, "cancelled")));
        }
        deadlines.remove(this);
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
