package dev.shoal.internal.robots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A robots.txt body kept only up to its limit, the rest cancelled; socket-free. */
@Timeout(10)
class RobotsBodyTest {
    final AtomicInteger cancels = new AtomicInteger();
    final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
        }
    };

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aBodyWithinTheLimitIsKeptWholeWhenItEnds() {
        RobotsBody body = new RobotsBody(10);
        body.onSubscribe(subscription);
        body.onNext(List.of(ascii("abc"), ascii("de")));
        assertFalse(body.bytes().isDone());
        body.onComplete();
        assertEquals("abcde", new String(body.bytes().join(), StandardCharsets.US_ASCII));
        assertEquals(0, cancels.get());
    }

    @Test
    void atTheLimitTheBodyEndsWithItsFirstBytesAndTheRestIsCancelled() {
        RobotsBody body = new RobotsBody(10);
        body.onSubscribe(subscription);
        body.onNext(List.of(ascii("0123456"), ascii("789abcdef")));
        assertEquals("0123456789", new String(body.bytes().join(), StandardCharsets.US_ASCII));
        assertEquals(1, cancels.get());
        body.onNext(List.of(ascii("more")));  // already in flight when cancelled: ignored
        body.onComplete();
        assertEquals(10, body.bytes().join().length);
        assertEquals(1, cancels.get());
    }

    @Test
    void aBodyThatFailsFailsItsBytes() {
        RobotsBody body = new RobotsBody(10);
        body.onSubscribe(subscription);
        body.onNext(List.of(ascii("abc")));
        body.onError(new IOException("reset"));
        CompletionException e = assertThrows(CompletionException.class, () -> body.bytes().join());
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void theDefaultLimitIsWhatTheRulesParse() {
        RobotsBody body = new RobotsBody();
        body.onSubscribe(subscription);
        body.onNext(List.of(ByteBuffer.allocate(RobotsRules.MAX_BYTES + 1)));
        assertEquals(RobotsRules.MAX_BYTES, body.bytes().join().length);
    }
}
