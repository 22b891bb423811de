package dev.shoal.internal.body;

import dev.shoal.internal.base.Internal;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A response body streamed to the caller's {@link Flow.Subscriber} with backpressure: decoded bytes are copied
 * into buffers of the subscriber's own (so no Netty buffer outlives its message), queued, and handed on as the
 * subscriber asks. The transport reads while fewer than {@link #MAX_QUEUED} buffers wait, and pauses otherwise,
 * so a subscriber that asks for nothing stops the socket. Bytes that one read brings may decode into many
 * buffers (a compressed body): those beyond the queue's bound wait undecoded ({@link Pending}) and are pulled as
 * the queue frees. The subscriber hears one end: complete, error, or nothing after its own cancel. State lives
 * on the connection's event loop; {@code request} and {@code cancel} come from any thread.
 */
public final class BodyStream implements Flow.Subscription {
    /** Buffers (each at most one decoded chunk) that may wait for the subscriber before reading pauses. */
    static final int MAX_QUEUED = 4;

    /** What the stream asks of the exchange that feeds it; called on the event loop. */
    public interface Transport {
        /** Read from the network (true) or stop until told again (false). */
        void reading(boolean on);

        /** End the exchange now, because of {@code cause}: the subscriber cancelled, or the call ended. */
        void stop(ShoalException cause);
    }

    /** Bytes of the body that wait, not yet decoded, for room in the queue; called on the event loop. */
    public interface Pending {
        /** Writes what fits ({@link #hasRoom}); calls {@link #waiting} again when some still waits. */
        void pull();

        /** The body ended without them: free what holds them. */
        void drop();
    }

    private final EventExecutor loop;
    private final Transport transport;
    private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final AtomicLong demand = new AtomicLong();
    private final Drain drain = new Drain();

    private Runnable onEnd;
    private boolean started;
    private boolean ended;
    private boolean terminated;
    private boolean draining;
    private boolean reading = true;
    private ShoalException error;
    private Pending pending;

    public BodyStream(EventExecutor loop, Transport transport, Flow.Subscriber<? super List<ByteBuffer>> subscriber) {
        this.loop = loop;
        this.transport = transport;
        this.subscriber = subscriber;
    }

    /** Bytes of the body (the caller keeps and releases {@code buf}). Event loop. */
    public void write(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0 || terminated) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(n);
        buf.getBytes(buf.readerIndex(), copy);
        queue.add(copy.flip());
        drain();
    }

    /** Whether another buffer may be queued without going past the bound. Event loop. */
    public boolean hasRoom() {
        return !terminated && queue.size() < MAX_QUEUED;
    }

    /** Some of the body waits in {@code p} for room in the queue (one at a time). Event loop. */
    public void waiting(Pending p) {
        if (terminated) {
            p.drop();
            return;
        }
        pending = p;
    }

    /** Whether some of the body waits for room ({@link #waiting}). Event loop. */
    public boolean isWaiting() {
        return pending != null;
    }

    /**
     * The transport has delivered the whole body; the subscriber completes once it has taken the queued bytes
     * and those still {@link #waiting}. Event loop.
     */
    public void end() {
        ended = true;
        if (!reading) {
            reading = true;  // the transport is done with this body: a paused connection reads again (for the pool)
            transport.reading(true);
        }
        drain();
    }

    /** The body will not be complete: the subscriber hears {@code e} now, queued bytes or not. Event loop. */
    public void fail(ShoalException e) {
        if (error == null) {
            error = e;
        }
        drain();
    }

    /**
     * The call's response was handed out: subscribes the subscriber; {@code onEnd} runs once when the body
     * has ended, whichever way. Any thread.
     */
    public void start(Runnable onEnd) {
        execute(() -> {
            this.onEnd = onEnd;
            started = true;
            try {
                subscriber.onSubscribe(this);
            } catch (RuntimeException e) {
                cancelNow();
                return;
            }
            drain();
        });
    }

    /** Ends the body with {@code cause} (the call's deadline, or the client closing). Any thread. */
    public void abort(ShoalException cause) {
        execute(() -> {
            if (!terminated) {
                fail(cause);
                transport.stop(cause);
            }
        });
    }

    /** The response is not handed out after all (its attempt is retried): stop it without telling anyone. Any thread. */
    public void drop() {
        execute(this::cancelNow);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            // ends the exchange too: left alone, a connection paused for this subscriber would never read again
            abort(Internal.shoalException(ErrorKind.CANCELLED,
                    "the body's subscriber requested " + n + " items (rule 3.9 of Reactive Streams)"));
            return;
        }
        demand.getAndAccumulate(n, (d, add) -> d + add < 0 ? Long.MAX_VALUE : d + add);
        execute(drain);
    }

    @Override
    public void cancel() {
        execute(this::cancelNow);
    }

    private void cancelNow() {
        if (terminated) {
            return;
        }
        terminated = true;
        queue.clear();
        dropPending();
        if (!ended) {
            transport.stop(Internal.shoalException(ErrorKind.CANCELLED, "the body's subscriber cancelled"));
        }
        ended();
    }

    private void execute(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException closed) {
                // the client has closed, and every body with it: a late request(n) or cancel() is a no-op (rules 3.6,
                // 3.7), never an exception thrown at the subscriber, or out of the InputStream view's read()
            }
        }
    }

    private final class Drain implements Runnable {  // one object for every request(n): see dev.shoal.internal's package-info
        @Override
        public void run() {
            drain();
        }
    }

    private void drain() {
        if (draining) {
            return;  // a request(n) from inside onNext: the loop below sees the new demand
        }
        draining = true;
        try {
            while (started && !terminated) {
                if (error != null) {
                    terminated = true;
                    queue.clear();
                    signal(false);
                    return;
                }
                if (!queue.isEmpty() && demand.get() > 0) {
                    demand.decrementAndGet();
                    List<ByteBuffer> items = new ArrayList<>(queue);
                    queue.clear();
                    subscriber.onNext(items);
                    continue;
                }
                if (pending != null && queue.size() < MAX_QUEUED) {
                    Pending p = pending;
                    pending = null;
                    p.pull();  // its writes come back here through write(), which leaves them to this loop
                    continue;
                }
                if (queue.isEmpty() && ended && pending == null) {
                    terminated = true;
                    signal(true);
                }
                return;
            }
        } catch (RuntimeException subscriberBroke) {
            cancelNow();  // rule 2.13: a subscriber that throws is treated as cancelled
        } finally {
            draining = false;
            adjustReading();
        }
    }

    private void signal(boolean complete) {
        dropPending();
        try {
            if (complete) {
                subscriber.onComplete();
            } else {
                subscriber.onError(error);
            }
        } finally {
            ended();
        }
    }

    private void dropPending() {
        Pending p = pending;
        pending = null;
        if (p != null) {
            p.drop();
        }
    }

    private void ended() {
        Runnable r = onEnd;
        onEnd = null;
        if (r != null) {
            r.run();
        }
    }

    /** Reads while few buffers wait; a body that ended or was stopped leaves the transport alone. */
    private void adjustReading() {
        if (ended || terminated || error != null) {
            return;
        }
        boolean want = queue.size() < MAX_QUEUED && pending == null;
        if (want != reading) {
            reading = want;
            transport.reading(want);
        }
    }
}
