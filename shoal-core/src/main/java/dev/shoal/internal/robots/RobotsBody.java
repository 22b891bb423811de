package dev.shoal.internal.robots;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A robots.txt body as it streams in, kept only up to the {@link RobotsRules#MAX_BYTES} the rules are parsed
 * from: a server's robots.txt may be of any size (a compressed one decodes to gigabytes), and held whole it would
 * fill the heap. There the rest is cancelled (the connection closed) and the body ends with what came.
 */
public final class RobotsBody implements Flow.Subscriber<List<ByteBuffer>> {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    private Flow.Subscription subscription;

    public RobotsBody() {
        this(RobotsRules.MAX_BYTES);
    }

    RobotsBody(int limit) {
        this.limit = limit;
    }

    /** {@return the body's first bytes, up to the limit, when it ended or reached the limit; fails as the body does} */
    public CompletableFuture<byte[]> bytes() {
        return bytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (bytes.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), limit - kept.size());
            byte[] piece = new byte[n];
            b.get(piece);
            kept.write(piece, 0, n);
            if (kept.size() == limit) {
                subscription.cancel();
                bytes.complete(kept.toByteArray());
                return;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        bytes.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        bytes.complete(kept.toByteArray());
    }
}
