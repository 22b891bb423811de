package dev.shoal.internal.pool;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The connect timeout on a mock clock, no socket: an {@link EmbeddedChannel} stands for the channel whose
 * registration and connect wait in the event loop's queue, and its connect is made when the test says.
 */
@Timeout(10)
class ConnectTimerTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final InetSocketAddress SERVER = InetSocketAddress.createUnresolved("server.test", 80);

    private final MockTicker clock = Ticker.newMockTicker();
    private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(clock).build();
    private final AtomicInteger expired = new AtomicInteger();
    private final AtomicBoolean addressesKnown = new AtomicBoolean(true);

    private ConnectTimer started() {
        ConnectTimer timer = new ConnectTimer(channel.eventLoop(), TIMEOUT, addressesKnown::get, expired::incrementAndGet);
        channel.pipeline().addFirst("connect-timer", timer);
        timer.start();
        return timer;
    }

    private void advance(long seconds) {
        clock.advance(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void theTimeoutCountsFromTheConnectNotFromTheRequestForIt() {
        started();
        advance(15);  // the registration and the connect wait in a busy event loop's queue
        assertEquals(0, expired.get(), "a connect not yet made has not timed out");

        channel.connect(SERVER);
        assertNull(channel.pipeline().get("connect-timer"), "the timer leaves the pipeline once the connect passed");
        advance(9);
        assertEquals(0, expired.get(), "out for 9 s of 10");
        advance(1);
        assertEquals(1, expired.get(), "out for the whole timeout: timed out");
        advance(60);
        assertEquals(1, expired.get(), "once");
    }

    @Test
    void aConnectMadeInTimeIsTimedFromThen() {
        started();
        advance(4);
        channel.connect(SERVER);
        advance(6);  // 10 s since the request, 6 since the connect
        assertEquals(0, expired.get());
        advance(4);
        assertEquals(1, expired.get());
    }

    @Test
    void dnsThatDoesNotAnswerWithinTheTimeoutEndsTheConnect() {
        addressesKnown.set(false);
        started();
        advance(10);
        assertEquals(1, expired.get(), "the timeout bounds the name's lookup from the start");
    }

    @Test
    void aCancelledTimerNeverExpires() {
        ConnectTimer timer = started();
        advance(12);  // rescheduled once: the connect is not made yet
        timer.cancel();
        channel.connect(SERVER);
        advance(60);
        assertEquals(0, expired.get());
    }
}
