package dev.shoal.internal.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Publishes what an input stream gives, one chunk per unit of demand, read on a thread of its own: a
 * caller's stream may block (a pipe, a socket), and an event loop must not. The stream is opened on the
 * first demand and closed at its end, on an error or a cancel.
 */
public final class InputStreamPublisher implements Flow.Publisher<ByteBuffer> {
    static final int CHUNK = 64 * 1024;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shoal-upload-reader");
        t.setDaemon(true);
        return t;
    });

    private final Supplier<? extends InputStream> streams;

    public InputStreamPublisher(Supplier<? extends InputStream> streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Reading r = new Reading(subscriber);
        subscriber.onSubscribe(r);
    }

    /** One subscription: reads run one at a time, as long as there is demand. */
    private final class Reading implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        /** Requests not yet seen by the reading task: it runs while this is above zero. */
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private boolean done;
        private InputStream in;

        Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                signal();
                subscriber.onError(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            signal();
        }

        @Override
        public void cancel() {
            cancelled = true;
            signal();
        }

        private void signal() {
            if (wip.getAndIncrement() == 0) {
                READERS.execute(this);
            }
        }

        @Override
        public void run() {
            int seen = wip.get();
            while (true) {
                drain();
                seen = wip.addAndGet(-seen);
                if (seen == 0) {
                    return;
                }
            }
        }

        private void drain() {
            if (done) {
                return;
            }
            if (cancelled) {
                finish();
                return;
            }
            try {
                if (in == null) {
                    in = Objects.requireNonNull(streams.get(), "the supplier gave no stream");
                }
                while (demand.get() > 0 && !cancelled) {
                    byte[] chunk = new byte[CHUNK];
                    int n = in.readNBytes(chunk, 0, CHUNK);
                    if (n > 0) {
                        demand.decrementAndGet();
                        subscriber.onNext(ByteBuffer.wrap(chunk, 0, n));
                    }
                    if (n < CHUNK) {
                        finish();
                        subscriber.onComplete();
                        return;
                    }
                }
                if (cancelled) {
                    finish();
                }
            } catch (IOException | RuntimeException e) {
                finish();
                subscriber.onError(e);
            }
        }

        private void finish() {
            done = true;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the body is read or abandoned: nothing more to do with the stream
                }
            }
        }
    }
}
