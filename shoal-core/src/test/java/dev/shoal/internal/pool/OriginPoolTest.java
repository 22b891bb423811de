package dev.shoal.internal.pool;

import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-origin pool with fake connections and a mock clock, no socket: connects are held open by the test
 * and completed (or failed) when it says, connections are {@link EmbeddedChannel}s on the same mock ticker.
 */
@Timeout(30)
class OriginPoolTest {
    private static final Origin ORIGIN = new Origin("http", "pool.test", 80);
    private static final ShoalConfig CONFIG = Shoal.builder().config();
    private static final long IDLE_TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final MockTicker clock = Ticker.newMockTicker();
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aFailedConnectFailsExactlyOneWaiter() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 1, IDLE_TIMEOUT, 10, 100, clock);

        CompletableFuture<Connection> a = pool.acquire(ORIGIN, call(), false);
        CompletableFuture<Connection> b = pool.acquire(ORIGIN, call(), false);
        CompletableFuture<Connection> c = pool.acquire(ORIGIN, call(), false);
        assertEquals(1, connector.pending.size(), "one connect at a time under maxPerHost 1");

        connector.failNext();

        assertTrue(a.isCompletedExceptionally(), "the oldest waiter hears the failure");
        assertFalse(b.isDone(), "the others keep waiting");
        assertFalse(c.isDone());
        assertEquals(1, connector.pending.size(), "a new connect is made for those still waiting");

        FakeConnection first = connector.completeNext();
        assertSame(first, b.getNow(null));
        assertFalse(c.isDone());
        first.pool().release(first, true);
        assertSame(first, c.getNow(null), "the connection given back goes to the next in line");
        assertEquals(2, connector.connects.get(), "no connect more than the waiters needed");
    }

    @Test
    void maxPerHostIsNeverExceededUnderConcurrentAcquiresAndReleases() throws Exception {
        concurrentAcquiresAndReleases(clock);
    }

    /** The same on the real clock, where the times of connects and exchanges decide whether callers wait for busy connections. */
    @Test
    void everyCallerIsAnsweredWhenCallersCountOnBusyConnections() throws Exception {
        concurrentAcquiresAndReleases(Ticker.systemTicker());
    }

    private void concurrentAcquiresAndReleases(Ticker ticker) throws Exception {
        int maxPerHost = 4;
        FakeConnector connector = new FakeConnector(false, 1);
        ExecutorService io = Executors.newFixedThreadPool(3);  // where connects complete, as event loops would
        connector.completeOn(io);
        connector.ticker = ticker;
        ConnectionPool pool = new ConnectionPool(connector, maxPerHost, 0, 2, 1000, ticker);
        int threads = 4;
        int perThread = 400;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<CompletableFuture<Connection>> all = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        try {
            for (int t = 0; t < threads; t++) {
                callers.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<Connection> f = pool.acquire(ORIGIN, call(), ThreadLocalRandom.current().nextInt(10) == 0);
                        all.add(f);
                        f.whenComplete((conn, e) -> {
                            if (conn != null) {
                                served.incrementAndGet();
                                // give it back from another thread, sometimes broken
                                io.execute(() -> conn.pool().release(conn, ThreadLocalRandom.current().nextInt(5) != 0));
                            }
                            done.countDown();
                        });
                    }
                });
            }
            assertTrue(done.await(20, TimeUnit.SECONDS), "every acquire is answered: " + done.getCount() + " left");
        } finally {
            callers.shutdownNow();
            io.shutdown();
            io.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertEquals(threads * perThread, all.size());
        assertTrue(served.get() > threads * perThread / 2, "most are served (a few connects fail on purpose): " + served);
        assertTrue(connector.maxOpen.get() <= maxPerHost, "at most " + maxPerHost + " open at once, saw " + connector.maxOpen);
        assertTrue(connector.maxOpen.get() >= 2, "the test did run connections side by side: " + connector.maxOpen);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndNotBefore() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 2, IDLE_TIMEOUT, 10, 100, clock);
        CompletableFuture<Connection> f = pool.acquire(ORIGIN, call(), false);
        FakeConnection c = connector.completeNext();
        assertSame(c, f.getNow(null));
        c.pool().release(c, true);
        assertEquals(1, pool.idleConnections());

        clock.advance(20, TimeUnit.SECONDS);
        c.channel.runScheduledPendingTasks();
        assertTrue(c.channel.isActive(), "idle for 20 s of 30: kept");

        // used again at 20 s: its idle time starts over
        CompletableFuture<Connection> again = pool.acquire(ORIGIN, call(), false);
        assertSame(c, again.getNow(null), "the idle connection is reused");
        c.pool().release(c, true);
        clock.advance(15, TimeUnit.SECONDS);  // 35 s after the first release, 15 s after the second
        c.channel.runScheduledPendingTasks();
        assertTrue(c.channel.isActive(), "idle for 15 s since its last use: kept");

        clock.advance(15, TimeUnit.SECONDS);
        c.channel.runScheduledPendingTasks();
        assertFalse(c.channel.isActive(), "idle for 30 s: closed");
        assertEquals(0, pool.idleConnections());
        assertEquals(0, pool.openConnections());
        assertEquals(0, pool.origins(), "an empty pool removes itself");
    }

    @Test
    void oneHttp2ConnectionServesManyStreamsUpToItsLimit() {
        FakeConnector connector = new FakeConnector(true, 3);
        ConnectionPool pool = new ConnectionPool(connector, 1, IDLE_TIMEOUT, 10, 100, clock);
        List<CompletableFuture<Connection>> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(pool.acquire(ORIGIN, call(), false));
        }
        assertEquals(1, connector.pending.size(), "the callers wait for one shared connect, not one each");
        FakeConnection h2 = connector.completeNext();

        for (int i = 0; i < 3; i++) {
            assertSame(h2, callers.get(i).getNow(null), "caller " + i + " shares the connection");
        }
        assertFalse(callers.get(3).isDone(), "the server's limit of 3 streams is kept");
        assertFalse(callers.get(4).isDone());
        assertEquals(0, connector.pending.size(), "maxPerHost 1: no second connection");

        h2.pool().release(h2, true);
        assertSame(h2, callers.get(3).getNow(null), "a stream that ended makes room for the next caller");
        assertFalse(callers.get(4).isDone());

        h2.streams = 4;  // the server raised its limit (SETTINGS)
        h2.settingsChanged();
        assertSame(h2, callers.get(4).getNow(null));
        assertEquals(1, connector.connects.get());
    }

    @Test
    void theConnectsForALineOfWaitersAreSpreadOverTheWaitersEventLoops() {
        FakeConnector connector = new FakeConnector(false, 1);
        connector.mayMultiplex = true;  // as over TLS: ALPN may pick h2, so the first connect tells for all
        ConnectionPool pool = new ConnectionPool(connector, 4, IDLE_TIMEOUT, 10, 100, clock);
        EventLoop other = new DefaultEventLoop();
        try {
            List<CompletableFuture<Connection>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(pool.acquire(ORIGIN, call(i % 2 == 0 ? loop : other), false));
            }
            assertEquals(1, connector.pending.size(), "the callers wait for one shared connect");
            connector.completeNext();  // HTTP/1.1: one connection per caller from now on

            assertEquals(3, connector.pending.size(), "a connect for each caller still waiting");
            List<EventLoop> loops = connector.loops.subList(1, 4);
            assertTrue(loops.contains(loop) && loops.contains(other),
                    "the connects are made on the waiters' loops, not all on one: " + loops);
            for (int i = 0; i < 3; i++) {
                connector.completeNext();
            }
            for (CompletableFuture<Connection> c : callers) {
                assertTrue(c.isDone() && !c.isCompletedExceptionally());
            }
            assertEquals(4, connector.connects.get());
        } finally {
            other.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsBeyondTheGatesBoundWaitForOneInProgressToEnd() throws Exception {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 10, IDLE_TIMEOUT, 10, 100, clock, 2);
        List<CompletableFuture<Connection>> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(pool.acquire(ORIGIN, call(), true));
        }
        assertEquals(2, connector.connects.get(), "two connects in progress at most; the others are not attempted yet");

        connector.completeNext();
        drain(loop);
        assertEquals(3, connector.connects.get(), "the connect that ended passes its place to the next in line");
        connector.failNext();
        drain(loop);
        assertEquals(4, connector.connects.get(), "a failed connect passes its place on too");

        connector.completeNext();
        connector.completeNext();
        drain(loop);
        assertEquals(1, callers.stream().filter(CompletableFuture::isCompletedExceptionally).count());
        assertEquals(3, callers.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count(), "every caller has its answer");
        assertEquals(4, connector.connects.get(), "no connect more than asked for");
    }

    @Test
    void aRequestThatEndsWhileItsConnectWaitsAtTheGateIsNeverConnected() throws Exception {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 10, IDLE_TIMEOUT, 10, 100, clock, 1);
        CompletableFuture<Connection> first = pool.acquire(ORIGIN, call(), true);
        Call gone = call();
        CompletableFuture<Connection> second = pool.acquire(ORIGIN, gone, true);
        CompletableFuture<Connection> third = pool.acquire(ORIGIN, call(), true);
        assertEquals(1, connector.connects.get());

        gone.fail(new IOException("deadline"));
        connector.completeNext();
        drain(loop);
        drain(loop);
        assertTrue(second.isCompletedExceptionally(), "the ended request's connect is given up, and it hears so");
        assertEquals(2, connector.connects.get(), "its place went to the next one in line, not to a connect nobody wants");
        connector.completeNext();
        assertTrue(first.getNow(null) != null && third.getNow(null) != null);
        assertEquals(0, pool.sockets() - 2, "the given-up connect holds no socket place: " + pool.sockets());
    }

    @Test
    void aCallerWaitsForABusyConnectionWhenExchangesHaveBeenShorterThanConnects() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 2, IDLE_TIMEOUT, 10, 100, clock);
        FakeConnection first = connectAndExchange(pool, connector, 10, 1);

        CompletableFuture<Connection> a = pool.acquire(ORIGIN, call(), false);
        assertSame(first, a.getNow(null));
        CompletableFuture<Connection> b = pool.acquire(ORIGIN, call(), false);
        assertEquals(1, connector.connects.get(), "an exchange of 1 ms ends before a connect of 10 ms would: no connect");
        assertFalse(b.isDone());

        CompletableFuture<Connection> c = pool.acquire(ORIGIN, call(), false);
        assertEquals(2, connector.connects.get(), "one busy connection serves one caller soon, not two: a connect for the other");

        clock.advance(1, TimeUnit.MILLISECONDS);
        first.pool().release(first, true);
        assertSame(first, b.getNow(null), "the connection given back goes to the oldest caller");
        FakeConnection second = connector.completeNext();
        assertSame(second, c.getNow(null));
    }

    @Test
    void aCallerThatHasWaitedAConnectsTimeForBusyConnectionsGetsANewOne() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 2, IDLE_TIMEOUT, 10, 100, clock);
        FakeConnection first = connectAndExchange(pool, connector, 10, 1);
        EmbeddedChannel timers = EmbeddedChannel.builder().ticker(clock).build();  // the callers' event loop, on the mock clock

        assertSame(first, pool.acquire(ORIGIN, call(timers.eventLoop()), false).getNow(null));
        CompletableFuture<Connection> b = pool.acquire(ORIGIN, call(timers.eventLoop()), false);
        assertEquals(1, connector.connects.get());

        clock.advance(9, TimeUnit.MILLISECONDS);
        timers.runScheduledPendingTasks();
        assertEquals(1, connector.connects.get(), "9 ms of waiting: a connect would not have been faster yet");
        clock.advance(1, TimeUnit.MILLISECONDS);
        timers.runScheduledPendingTasks();
        assertEquals(2, connector.connects.get(), "the busy connection did not come back in a connect's time: one is made");
        FakeConnection second = connector.completeNext();
        assertSame(second, b.getNow(null));
        timers.finishAndReleaseAll();
    }

    @Test
    void aBusyConnectionThatClosesNoLongerCountsAsComingBack() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 2, IDLE_TIMEOUT, 10, 100, clock);
        FakeConnection first = connectAndExchange(pool, connector, 10, 1);
        assertSame(first, pool.acquire(ORIGIN, call(), false).getNow(null));
        CompletableFuture<Connection> b = pool.acquire(ORIGIN, call(), false);
        assertEquals(1, connector.connects.get());

        first.pool().closed(first);  // the server closed it mid-exchange
        assertEquals(2, connector.connects.get(), "the caller counted on it: a connect for it at once");
        assertSame(connector.completeNext(), b.getNow(null));
    }

    @Test
    void callersDoNotWaitForBusyConnectionsWhenExchangesAreSlowerThanConnects() {
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 3, IDLE_TIMEOUT, 10, 100, clock);
        FakeConnection first = connectAndExchange(pool, connector, 1, 1000);  // a server that holds each request 1 s

        assertSame(first, pool.acquire(ORIGIN, call(), false).getNow(null));
        pool.acquire(ORIGIN, call(), false);
        pool.acquire(ORIGIN, call(), false);
        assertEquals(3, connector.connects.get(), "a connect for each caller, up to the limit");
    }

    @Test
    void aConnectsWaitForAPlaceAmongTheClientsConnectsIsNotCountedAsItsCost() throws Exception {
        Origin other = new Origin("http", "other.test", 80);
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 2, IDLE_TIMEOUT, 10, 100, clock, 1);
        pool.acquire(other, call(), false);  // holds the one place in the gate
        CompletableFuture<Connection> a = pool.acquire(ORIGIN, call(), false);
        clock.advance(1, TimeUnit.SECONDS);
        connector.completeNext();
        drain(loop);  // pool.test's connect leaves the gate after a second's wait
        clock.advance(1, TimeUnit.MILLISECONDS);
        FakeConnection c = connector.completeNext();
        assertSame(c, a.getNow(null));
        clock.advance(10, TimeUnit.MILLISECONDS);
        c.pool().release(c, true);

        assertSame(c, pool.acquire(ORIGIN, call(), false).getNow(null));
        pool.acquire(ORIGIN, call(), false);
        drain(loop);
        assertEquals(3, connector.connects.get(), "a connect of 1 ms beats an exchange of 10 ms: one is made");
    }

    @Test
    void untilTheOriginsFirstExchangeEndsItsExchangesAreTakenToBeLikeTheOtherOrigins() {
        Origin other = new Origin("http", "other.test", 80);
        FakeConnector connector = new FakeConnector(false, 1);
        ConnectionPool pool = new ConnectionPool(connector, 3, IDLE_TIMEOUT, 10, 100, clock);

        CompletableFuture<Connection> a = pool.acquire(other, call(), false);
        clock.advance(10, TimeUnit.MILLISECONDS);
        assertSame(connector.completeNext(), a.getNow(null));
        CompletableFuture<Connection> b = pool.acquire(other, call(), false);
        assertEquals(2, connector.connects.get(), "no exchange has ended anywhere: busy connections do not count");
        assertSame(connector.completeNext(), b.getNow(null));

        connectAndExchange(pool, connector, 10, 1);  // ORIGIN: exchanges of 1 ms, connects of 10 ms
        assertEquals(3, connector.connects.get());
        pool.acquire(other, call(), false);
        assertEquals(3, connector.connects.get(),
                "other.test, none of whose exchanges has ended, is taken to answer as fast as pool.test: no connect");
    }

    /**
     * A connection to {@link #ORIGIN} whose connect took {@code connectMs} and which then carried one exchange of
     * {@code exchangeMs}: the pool has seen one of each. It is idle afterwards.
     */
    private FakeConnection connectAndExchange(ConnectionPool pool, FakeConnector connector, long connectMs, long exchangeMs) {
        CompletableFuture<Connection> f = pool.acquire(ORIGIN, call(), false);
        clock.advance(connectMs, TimeUnit.MILLISECONDS);
        FakeConnection c = connector.completeNext();
        assertSame(c, f.getNow(null));
        clock.advance(exchangeMs, TimeUnit.MILLISECONDS);
        c.pool().release(c, true);
        return c;
    }

    /** Runs what was queued on {@code on} so far. */
    private static void drain(EventLoop on) throws Exception {
        on.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private Call call() {
        return call(loop);
    }

    private Call call(EventLoop on) {
        return new Call(Request.get("http://pool.test/"), CONFIG, on);
    }

    /** Connects that the test completes; counts connections open at once (a connect in progress counts). */
    private final class FakeConnector implements Connector {
        final boolean multiplexed;
        /** Whether the pool is told the origin may multiplex before a connection says (true over TLS with ALPN). */
        boolean mayMultiplex;
        final int streams;
        final ConcurrentLinkedQueue<CompletableFuture<Connection>> pending = new ConcurrentLinkedQueue<>();
        /** When each pending connect began, on {@link #ticker}: its connection tells the pool how long its set-up took. */
        final ConcurrentLinkedQueue<Long> pendingSince = new ConcurrentLinkedQueue<>();
        Ticker ticker = clock;
        /** The event loop of each connect, in order. */
        final List<EventLoop> loops = new CopyOnWriteArrayList<>();
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        private ExecutorService completer;

        FakeConnector(boolean multiplexed, int streams) {
            this.multiplexed = multiplexed;
            this.mayMultiplex = multiplexed;
            this.streams = streams;
        }

        /** Completes every connect on {@code executor}, one in ten failing, instead of waiting for the test. */
        void completeOn(ExecutorService executor) {
            completer = executor;
        }

        @Override
        public boolean mayMultiplex(Origin origin) {
            return mayMultiplex;
        }

        @Override
        public CompletableFuture<Connection> connect(Origin origin, Call call) {
            return connectShared(origin, call.loop(), call.events());
        }

        @Override
        public CompletableFuture<Connection> connectShared(Origin origin, EventLoop loop, Events events) {
            connects.incrementAndGet();
            loops.add(loop);
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            CompletableFuture<Connection> f = new CompletableFuture<>();
            long since = ticker.nanoTime();
            if (completer != null) {
                completer.execute(() -> {
                    if (ThreadLocalRandom.current().nextInt(10) == 0) {
                        fail(f);
                    } else {
                        f.complete(newConnection(since));
                    }
                });
            } else {
                pending.add(f);
                pendingSince.add(since);
            }
            return f;
        }

        /** Fails a connect; it stops counting first, as a socket that failed to open is gone before anyone hears. */
        void fail(CompletableFuture<Connection> f) {
            open.decrementAndGet();
            f.completeExceptionally(new IOException("refused"));
        }

        void failNext() {
            pendingSince.poll();
            fail(pending.poll());
        }

        FakeConnection completeNext() {
            FakeConnection c = newConnection(pendingSince.poll());
            pending.poll().complete(c);
            return c;
        }

        private FakeConnection newConnection(long since) {
            FakeConnection c = new FakeConnection(EmbeddedChannel.builder().ticker(clock).build(), multiplexed, streams);
            long now = ticker.nanoTime();
            c.setUp(0, now - since, 0, now);
            c.channel.closeFuture().addListener(x -> open.decrementAndGet());
            return c;
        }
    }

    /** A connection whose channel is an {@link EmbeddedChannel}: it carries no exchange, only pool bookkeeping. */
    private static final class FakeConnection extends Connection {
        final EmbeddedChannel channel;
        final boolean multiplexed;
        volatile int streams;

        FakeConnection(EmbeddedChannel channel, boolean multiplexed, int streams) {
            super(channel, ORIGIN);
            this.channel = channel;
            this.multiplexed = multiplexed;
            this.streams = streams;
        }

        @Override
        public int capacity() {
            return streams;
        }

        @Override
        public boolean isMultiplexed() {
            return multiplexed;
        }

        void settingsChanged() {
            changed();
        }

        @Override
        public CompletableFuture<Response> exchange(Call call, Hop hop) {
            throw new UnsupportedOperationException("no exchange on a fake connection");
        }

        @Override
        public String protocol() {
            return multiplexed ? "h2" : "http/1.1";
        }
    }
}
