package dev.shoal.internal.http1;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.pool.ConnectionPool;
import dev.shoal.internal.pool.TestPools;
import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read timeout of an HTTP/1.1 connection's exchanges, on one timer per connection, on an {@link EmbeddedChannel}
 * (its timers run when the test says): the timer left set by an exchange that ended goes off harmlessly on the
 * idle connection, and the next exchange on it still gets its own whole timeout.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(30)
class Http1ReadWatchTest {
    private static final Origin ORIGIN = new Origin("http", "h1.test", 80);
    private static final long TIMEOUT_MILLIS = 500;  // long enough for a cold first exchange (class loading) on a busy machine
    private static final ShoalConfig CONFIG = Shoal.builder().readTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
            .deadline(Duration.ZERO).config();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Http1Connection connection = new Http1Connection(channel, ORIGIN, CONFIG);
    private ConnectionPool pool;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private Call call() {
        return new Call(Request.builder("http://h1.test/x").sink(BodySink.memory()).build(), CONFIG, channel.eventLoop());
    }

    private CompletableFuture<Response> exchange(Call call) {
        CompletableFuture<Response> f = connection.exchange(call, Hop.of(call.request()));
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            b.release();
        }
        return f;
    }

    private void serverSends(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    /** Sleeps past {@code millis}, then runs the timers due. */
    private void after(long millis) throws InterruptedException {
        Thread.sleep(millis);
        channel.runScheduledPendingTasks();
    }

    /** Runs one exchange to its response on the connection, which goes back to the pool. */
    private void exchangeAnswered(Call call) {
        CompletableFuture<Response> f = exchange(call);
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("ok", f.join().bodyString());
        assertEquals(1, pool.idleConnections());
    }

    private CompletableFuture<Response> nextExchange() {
        Call call = call();
        assertSame(connection, pool.acquire(ORIGIN, call, false).getNow(null), "the next exchange goes on the same connection");
        return exchange(call);
    }

    @Test
    void theTimerLeftByAnEndedExchangeLeavesTheIdleConnectionAlone() throws Exception {
        connection.addHandlers(channel.pipeline());
        Call first = call();
        pool = TestPools.lending(connection, first);
        exchangeAnswered(first);
        after(TIMEOUT_MILLIS + 50);
        assertTrue(channel.isActive(), "an idle connection is not timed out");
        assertEquals(1, pool.idleConnections());
        assertEquals(-1, channel.runScheduledPendingTasks(), "nor watched: the next exchange sets the timer");
    }

    /** The timer left by the first exchange goes off halfway through the next: it must set itself again. */
    @Test
    void theNextExchangeGetsItsWholeTimeoutFromItsOwnStart() throws Exception {
        connection.addHandlers(channel.pipeline());
        Call first = call();
        pool = TestPools.lending(connection, first);
        exchangeAnswered(first);
        Thread.sleep(TIMEOUT_MILLIS / 2);
        CompletableFuture<Response> g = nextExchange();
        after(TIMEOUT_MILLIS / 2 + 50);  // the first exchange's timer has gone off
        assertFalse(g.isDone(), "not before its own timeout");
        assertTrue(channel.isActive());
        after(TIMEOUT_MILLIS / 2);
        assertTrue(g.isDone(), "a silent server times the exchange out");
        CompletionException e = assertThrows(CompletionException.class, g::join);
        assertEquals(ErrorKind.READ_TIMEOUT, assertInstanceOf(ShoalException.class, e.getCause()).kind());
        assertFalse(channel.isActive(), "the timed-out connection is closed");
    }
}
