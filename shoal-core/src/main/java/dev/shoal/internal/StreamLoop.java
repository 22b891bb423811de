package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.RequestFeed;
import dev.shoal.Response;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.internal.call.Call;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Runs {@code Shoal.stream} on the caller's thread: keeps up to {@code window} requests in flight, pulling
 * the next request only when an outcome has been consumed, so memory is flat for any input size.
 * I/O threads hand outcomes over through a queue and wake the caller once per batch, or at the end of the
 * event-loop turn that completed them if the batch is not full by then: a wake-up per request would cost
 * a system call each, and waiting for a full batch would hold finished outcomes (and the requests that
 * follow them) while the I/O thread has nothing more to give.
 */
final class StreamLoop {
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long TICK_NANOS = MAX_PARK_NANOS;
    /** Requests held for their host's sake widen the window by at most this many windows: memory stays bounded. */
    private static final int MAX_HELD_EXTRA = 16;

    private final Engine engine;
    private final int window;
    private final int batch;
    private final Thread caller = Thread.currentThread();
    private final Queue<Outcome> completed = new ConcurrentLinkedQueue<>();
    /** This stream's requests in flight: an interrupt cancels these, not the client's other callers' requests. */
    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong completedCount = new AtomicLong();
    /** The completed count at which the parked caller wants waking; Long.MAX_VALUE when it is not parked. */
    private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);
    /** A wake-up is queued on an event loop, to run when its turn's I/O is done. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable wakeAfterTurn = () -> {
        wakeQueued.set(false);
        if (wakeAt.getAndSet(Long.MAX_VALUE) != Long.MAX_VALUE) {
            LockSupport.unpark(caller);
        }
    };

    private final Runnable tick;
    private long lastTick = System.nanoTime();

    StreamLoop(Engine engine, int window, Runnable tick) {
        this.engine = engine;
        this.window = window;
        this.tick = tick;
        this.batch = Math.max(1, Math.min(64, window / 8));
    }

    long run(Iterator<Request> requests, java.util.function.Consumer<Outcome> consumer) throws InterruptedException {
        // a feed that has nothing ready is not pulled: this thread goes on handing over outcomes meanwhile
        RequestFeed feed = requests instanceof RequestFeed f ? f : null;
        if (feed != null) {
            feed.onReady(() -> LockSupport.unpark(caller));
        }
        long submitted = 0;
        long consumed = 0;
        boolean exhausted = false;
        while (true) {
            if (Thread.interrupted()) {
                consumed += stop(consumer);
                throw new InterruptedException("stream interrupted after " + consumed + " outcomes");
            }
            boolean waitingForInput = false;
            // requests waiting for a held host take no permit: others may take their place in the window
            int held = Math.min(engine.heldRequests(), MAX_HELD_EXTRA * window);
            while (!exhausted && submitted - consumed < window + (long) held) {
                Request r;
                try {
                    if (feed != null && !feed.ready()) {
                        waitingForInput = true;
                        break;
                    }
                    if (!requests.hasNext()) {
                        exhausted = true;
                        break;
                    }
                    r = requests.next();
                } catch (RuntimeException | Error e) {
                    // the input broke: as after an interrupt, what finished is handed over and what runs is cancelled
                    // (left running, it would hold its permits with nobody to take its outcome)
                    try {
                        stop(consumer);
                    } catch (RuntimeException | Error alsoBroke) {
                        e.addSuppressed(alsoBroke);
                    }
                    throw e;
                }
                submitted++;
                send(r);
            }
            Outcome o;
            int drained = 0;
            while ((o = completed.poll()) != null) {
                try {
                    consumer.accept(o);
                } catch (RuntimeException | Error e) {
                    engine.cancel(running);  // nobody takes the outcomes of those still in flight now
                    throw e;
                }
                drained++;
            }
            consumed += drained;
            if (exhausted && consumed == submitted) {
                return consumed;
            }
            if (drained == 0) {
                long target = consumed + Math.min(batch, submitted - consumed);
                wakeAt.set(target);
                if (completedCount.get() < target || (waitingForInput && submitted == consumed)) {
                    LockSupport.parkNanos(this, MAX_PARK_NANOS);
                }
                wakeAt.set(Long.MAX_VALUE);
            }
            if (tick != null && System.nanoTime() - lastTick >= TICK_NANOS) {
                lastTick = System.nanoTime();
                tick.run();
            }
        }
    }

    /** Sends {@code r}; one that cannot even be sent (null) has its failure for an outcome, as in a gather. */
    private void send(Request r) {
        Call call;
        try {
            call = engine.call(r);
        } catch (RuntimeException e) {
            handOver(Outcomes.of(r, null, e));
            return;
        }
        running.add(call);
        call.result().whenComplete(new HandOver(r, call));
    }

    /** The outcome of one request, handed over when its future completes (a class: see package-info). */
    private final class HandOver implements BiConsumer<Response, Throwable> {
        private final Request request;
        private final Call call;

        HandOver(Request request, Call call) {
            this.request = request;
            this.call = call;
        }

        @Override
        public void accept(Response response, Throwable error) {
            running.remove(call);
            handOver(Outcomes.of(request, response, error));
        }
    }

    private void handOver(Outcome outcome) {
        completed.add(outcome);
        long n = completedCount.incrementAndGet();
        long want = wakeAt.get();
        if (want == Long.MAX_VALUE) {
            return; // the caller is busy and will poll the queue
        }
        if (n >= want) {
            if (wakeAt.compareAndSet(want, Long.MAX_VALUE)) {
                LockSupport.unpark(caller);
            }
            return;
        }
        EventExecutor loop = engine.currentLoop();
        if (loop == null) {
            if (wakeAt.getAndSet(Long.MAX_VALUE) != Long.MAX_VALUE) {
                LockSupport.unpark(caller);  // not on an event loop: no turn to wait for
            }
        } else if (wakeQueued.compareAndSet(false, true)) {
            loop.execute(wakeAfterTurn);  // tasks run after the turn's I/O: one wake-up for all it completes
        }
    }

    /** Interrupted: cancel what is in flight, but first hand over every outcome that had completed. */
    private long stop(java.util.function.Consumer<Outcome> consumer) {
        List<Outcome> finished = new ArrayList<>();
        Outcome o;
        while ((o = completed.poll()) != null) {
            finished.add(o);
        }
        engine.cancel(running);  // this stream's own: the client's other callers' requests go on
        for (Outcome f : finished) {
            consumer.accept(f);
        }
        // outcomes that completed in the race with the cancel are real ones too; cancelled ones are not
        long n = finished.size();
        while ((o = completed.poll()) != null) {
            if (!(o instanceof Outcome.Failure f && f.kind() == ErrorKind.CANCELLED)) {
                consumer.accept(o);
                n++;
            }
        }
        return n;
    }
}
