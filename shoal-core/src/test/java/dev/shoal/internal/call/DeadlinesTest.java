package dev.shoal.internal.call;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.ResponseBuilder;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's calls share one deadline timer ({@link Deadlines}): each call still fails at its own deadline,
 * also when the calls ahead of it ended first, and a call that ends leaves the line at once.
 */
@Timeout(30)
class DeadlinesTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private final EventLoop loop = new DefaultEventLoop();
    private final ShoalConfig config = Shoal.builder().deadline(DEADLINE).config();
    private final Deadlines deadlines = new Deadlines(loop, DEADLINE.toNanos());

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Call call() {
        return new Call(Request.get("http://example.test/"), config, loop, Call.NO_REDIRECTS, deadlines);
    }

    private static Response ok() {
        return new ResponseBuilder().status(200).headers(Headers.empty()).finalUrl("http://example.test/")
                .protocol("http/1.1").build();
    }

    @Test
    void aCallFailsAtItsDeadline() {
        Call call = call();
        long started = System.nanoTime();
        call.start();
        ExecutionException e = assertThrows(ExecutionException.class, () -> call.result().get(5, TimeUnit.SECONDS));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(ErrorKind.TIMEOUT, ((ShoalException) e.getCause()).kind());
        assertTrue(tookMillis >= DEADLINE.toMillis() - 5, "failed after " + tookMillis + " ms");
        assertEquals(0, deadlines.size());
    }

    @Test
    void aCallThatEndsLeavesTheLineAtOnce() {
        Call call = call();
        call.start();
        assertEquals(1, deadlines.size());
        call.succeed(ok());
        assertEquals(0, deadlines.size(), "an ended call is not held until its deadline");
        assertFalse(call.result().isCompletedExceptionally());
    }

    /** The timer set for the first call goes off after that call ended; it must set itself again for the next. */
    @Test
    void theCallsBehindOneThatEndedStillFailAtTheirDeadlines() throws Exception {
        Call first = call();
        first.start();
        Thread.sleep(100);
        Call second = call();
        second.start();
        Call third = call();
        third.start();
        long secondStarted = System.nanoTime();
        first.succeed(ok());
        third.succeed(ok());
        ExecutionException e = assertThrows(ExecutionException.class, () -> second.result().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorKind.TIMEOUT, ((ShoalException) e.getCause()).kind());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - secondStarted);
        assertTrue(tookMillis >= DEADLINE.toMillis() - 5, "failed after " + tookMillis + " ms");
        assertFalse(first.result().isCompletedExceptionally());
        assertEquals(0, deadlines.size());
    }

    @Test
    void aCallCancelledBeforeItStartsNeverJoinsTheLine() {
        Call call = call();
        call.result().cancel(false);
        call.start();
        assertEquals(0, deadlines.size());
    }

    @Test
    void withoutADeadlineNoCallWaitsAndNoTimerIsSet() throws Exception {
        Deadlines none = new Deadlines(loop, 0);
        Call call = new Call(Request.get("http://example.test/"), Shoal.builder().deadline(Duration.ZERO).config(),
                loop, Call.NO_REDIRECTS, none);
        call.start();
        assertEquals(0, none.size());
        Future<?> later = loop.schedule(() -> { }, 50, TimeUnit.MILLISECONDS);
        later.sync();
        assertFalse(call.isDone());
    }

    /**
     * The timer fails every call due at once, one after another: one whose failure throws on the way (an end
     * hook) must not keep the others, already out of the line, from failing. A timer per call kept them apart.
     */
    @Test
    void aCallWhoseFailureThrowsDoesNotStrandTheCallsDueWithIt() throws Exception {
        Call throwing = call();
        throwing.onEnd(() -> {
            throw new IllegalStateException("an end hook that throws");
        });
        Call next = call();
        long now = System.nanoTime();
        deadlines.add(throwing, now);  // the same start: both are due when the timer goes off
        deadlines.add(next, now);
        ExecutionException e = assertThrows(ExecutionException.class, () -> next.result().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorKind.TIMEOUT, ((ShoalException) e.getCause()).kind());
        assertEquals(0, deadlines.size());
    }

    /** The timer went off with no call left and was not set again: the next call to join sets it. */
    @Test
    void aCallThatJoinsAfterTheLineEmptiedAndTheTimerWentOffStillFails() throws Exception {
        Call first = call();
        first.start();
        first.succeed(ok());
        Thread.sleep(DEADLINE.toMillis() + 100);  // the timer set for the first goes off on an empty line
        Call next = call();
        next.start();
        ExecutionException e = assertThrows(ExecutionException.class, () -> next.result().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorKind.TIMEOUT, ((ShoalException) e.getCause()).kind());
        assertEquals(0, deadlines.size());
    }

    /** A call that starts while the timer fails others (a permit handed on by a failure) still gets its deadline. */
    @Test
    void aCallStartedByAnotherCallsDeadlineFailureStillFails() throws Exception {
        Call first = call();
        Call startedOnTheWay = call();
        first.onEnd(startedOnTheWay::start);
        first.start();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> startedOnTheWay.result().get(5, TimeUnit.SECONDS));
        assertEquals(ErrorKind.TIMEOUT, ((ShoalException) e.getCause()).kind());
        assertTrue(first.result().isCompletedExceptionally());
        assertEquals(0, deadlines.size());
    }
}
