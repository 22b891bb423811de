package dev.shoal.internal.upload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/** A publisher's buffers as chunks: the publisher's signals always return normally (rule 2.13). */
@Timeout(30)
class PublisherChunksTest {

    @Test
    void signalsAfterTheClientsThreadsAreGoneReturnNormally() {
        // the client has closed: its event loop refuses tasks, and a publisher on a thread of its own emits on
        Executor closedLoop = task -> {
            throw new RejectedExecutionException("event executor terminated");
        };
        AtomicReference<Flow.Subscriber<? super ByteBuffer>> subscriber = new AtomicReference<>();
        Flow.Publisher<ByteBuffer> publisher = s -> {
            subscriber.set(s);
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
        };
        PublisherChunks chunks = new PublisherChunks(publisher, -1, closedLoop, () -> { });
        assertDoesNotThrow(() -> subscriber.get().onNext(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertDoesNotThrow(() -> subscriber.get().onError(new IllegalStateException("late")));
        assertDoesNotThrow(() -> subscriber.get().onComplete());
        chunks.close();
    }
}
