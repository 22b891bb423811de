package dev.shoal.internal.upload;

import dev.shoal.internal.base.Internal;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A publisher's buffers as Netty's chunked input: it asks the publisher for a few buffers at a time and one
 * more for each one written, so a fast publisher waits for a slow connection; when none is at hand,
 * {@code resume} tells the writer (Netty's {@code ChunkedWriteHandler}) on its event loop to come back.
 */
final class PublisherChunks implements ChunkedInput<ByteBuf>, Flow.Subscriber<ByteBuffer> {
    private static final int PREFETCH = 2;

    private final Executor loop;
    private final Runnable resume;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final long length;
    private final ConcurrentLinkedQueue<ByteBuffer> ready = new ConcurrentLinkedQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean complete;
    private volatile Throwable error;
    private boolean closed;
    private long progress;

    PublisherChunks(Flow.Publisher<? extends ByteBuffer> publisher, long length, Executor loop, Runnable resume) {
        this.loop = loop;
        this.resume = resume;
        this.length = length;
        try {
            publisher.subscribe(this);
        } catch (RuntimeException e) {
            close();
            throw failed(e);  // the caller's code: its failure is the request's, never an exception lost on a loop
        }
    }

    /**
     * Brings the writer back, always from a task of its own: a publisher may call onNext from within our
     * request(1), that is from within the writer's read, and the writer must not be entered twice.
     */
    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                loop.execute(() -> {
                    wakePending.set(false);
                    resume.run();
                });
            } catch (RejectedExecutionException closed) {
                // the client has closed, and this upload with it: a late signal of the publisher returns normally
                // (rule 2.13), as one after a cancel does
            }
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        try {
            s.request(PREFETCH);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    @Override
    public void onNext(ByteBuffer item) {
        if (item == null) {
            // rule 2.13: the subscription counts as cancelled, and the publisher hears of its error by an exception
            onError(new NullPointerException("the publisher gave onNext(null)"));
            throw new NullPointerException("onNext(null)");
        }
        ready.add(item);
        wake();
    }

    @Override
    public void onError(Throwable t) {
        error = t == null ? new NullPointerException("onError(null)") : t;
        wake();
    }

    @Override
    public void onComplete() {
        complete = true;
        wake();
    }

    @Override
    public boolean isEndOfInput() {
        return error == null && complete && ready.isEmpty();
    }

    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        Throwable e = error;
        if (e != null) {
            throw failed(e);
        }
        ByteBuffer next;
        while ((next = ready.poll()) != null) {
            subscription.request(1);
            if (next.hasRemaining()) {
                progress += next.remaining();
                return Unpooled.wrappedBuffer(next);
            }
        }
        return null;  // nothing yet: wake() brings the writer back
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null && !complete) {
                s.cancel();
            }
            ready.clear();
        }
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }

    private static ShoalException failed(Throwable e) {
        return Internal.shoalException(ErrorKind.IO, "reading the request body failed: " + describe(e), e);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
