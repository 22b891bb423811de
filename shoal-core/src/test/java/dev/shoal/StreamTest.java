package dev.shoal;

import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** stream(): any number of requests through a bounded window, outcomes on the caller's thread, flat memory. */
@Timeout(120)
class StreamTest {

    /** An endless-looking source: requests are made only when pulled. */
    static Iterator<Request> requests(LatencyServer server, String path, int count) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Request next() {
                return Request.builder(server.url(path)).tag(next++).build();
            }
        };
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void hundredThousandRequestsKeepHeapFlat() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(64).maxPerHost(64).build()) {
            BitSet seen = new BitSet();
            Thread caller = Thread.currentThread();
            AtomicInteger wrongThread = new AtomicInteger();
            long[] heapAt = new long[2];
            long n = shoal.stream(requests(server, "/", 100_000), outcome -> {
                if (Thread.currentThread() != caller) wrongThread.incrementAndGet();
                assertTrue(outcome.isSuccess(), () -> outcome.toString());
                int index = (Integer) outcome.request().tag();
                assertTrue(!seen.get(index), "index " + index + " twice");
                seen.set(index);
                int done = seen.cardinality();
                if (done == 20_000) heapAt[0] = usedHeapAfterGc();
                if (done == 99_000) heapAt[1] = usedHeapAfterGc();
            });
            assertEquals(100_000, n);
            assertEquals(100_000, seen.cardinality());
            assertEquals(0, wrongThread.get(), "outcomes are consumed on the calling thread");
            assertEquals(100_000, server.requests());
            assertTrue(server.maxOpenConnections() <= 64);
            long growth = heapAt[1] - heapAt[0];
            assertTrue(growth < 8L << 20, "heap grew by " + (growth >> 10) + " KiB between 20k and 99k requests");
        }
    }

    @Test
    void theIteratorIsPulledOnlyAsOutcomesAreConsumed() throws Exception {
        int window = 10;
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(window).build()) {
            AtomicInteger pulled = new AtomicInteger();
            Iterator<Request> source = requests(server, "/", 300);
            Iterator<Request> counted = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return source.hasNext();
                }

                @Override
                public Request next() {
                    pulled.incrementAndGet();
                    return source.next();
                }
            };
            AtomicInteger consumed = new AtomicInteger();
            AtomicInteger mostAhead = new AtomicInteger();
            shoal.stream(counted, outcome -> {
                // a slow consumer: a stream that pulled on its own (or drained the source first) would run ahead
                mostAhead.accumulateAndGet(pulled.get() - consumed.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(300, consumed.get());
            assertTrue(mostAhead.get() <= window, "pulled " + mostAhead.get() + " requests ahead of the consumer");
        }
    }

    @Test
    void windowBoundsRequestsInFlight() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(10).build()) {
            AtomicInteger maxSeen = new AtomicInteger();
            shoal.stream(requests(server, "/delay/20", 200), o -> maxSeen.accumulateAndGet(shoal.inFlight(), Math::max));
            assertTrue(maxSeen.get() <= 10);
            assertTrue(server.maxOpenConnections() <= 10);
        }
    }

    @Test
    void anOutcomeIsHandedOverAtTheEndOfItsEventLoopTurnNotWhenABatchFills() throws Exception {
        // a window of 64 hands outcomes over in batches of 8; these 12 responses come 40 ms apart, one at a time
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(64).build()) {
            List<Request> spaced = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                spaced.add(Request.builder(server.url("/delay/" + 40 * (i + 1))).tag(i).build());
            }
            long[] worstWait = {0};
            shoal.stream(spaced.iterator(), o -> {
                Response r = ((Outcome.Success) o).response();
                long completedAt = r.startedAtMillis() + r.elapsedNanos() / 1_000_000;
                worstWait[0] = Math.max(worstWait[0], System.currentTimeMillis() - completedAt);
            });
            // waiting for a full batch would hold the first outcome until the 8th (280 ms) or the 200 ms park ends
            assertTrue(worstWait[0] < 150, "an outcome waited " + worstWait[0] + " ms before the caller got it");
        }
    }

    @Test
    void tickRunsOnTheCallerWhileOutcomesStall() throws Exception {
        try (LatencyServer server = LatencyServer.start(); Shoal shoal = Shoal.builder().build()) {
            Thread caller = Thread.currentThread();
            AtomicInteger ticks = new AtomicInteger();
            shoal.stream(requests(server, "/delay/900", 2), o -> { }, () -> {
                assertTrue(Thread.currentThread() == caller);
                ticks.incrementAndGet();
            });
            assertTrue(ticks.get() >= 3, "ticks during a 900 ms stall: " + ticks.get());
        }
    }

    @Test
    void interruptCancelsInFlightAndKeepsFinishedOutcomes() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(50).build()) {
            AtomicInteger delivered = new AtomicInteger();
            AtomicReference<Thread> caller = new AtomicReference<>(Thread.currentThread());
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException ignored) {
                    return;
                }
                caller.get().interrupt();
            });
            interrupter.start();
            long t0 = System.nanoTime();
            assertThrows(InterruptedException.class, () -> shoal.stream(requests(server, "/delay/100", 10_000), o -> {
                assertTrue(o.isSuccess(), "no cancelled outcome is delivered: " + o);
                delivered.incrementAndGet();
            }));
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(s < 2, "stopped after " + s + " s");
            assertTrue(delivered.get() > 0 && delivered.get() < 10_000);
            Thread.sleep(200);
            assertEquals(0, shoal.inFlight());
        }
    }

    /** An iterator of {@code count} requests to {@code path} that throws when asked for one more than {@code good}. */
    static Iterator<Request> breaksAfter(LatencyServer server, String path, int good) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Request next() {
                if (next == good) {
                    throw new IllegalStateException("the input broke");
                }
                return Request.builder(server.url(path)).tag(next++).build();
            }
        };
    }

    static void awaitNoneInFlight(Shoal shoal, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (shoal.inFlight() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, shoal.inFlight(), "requests in flight");
    }

    @Test
    void interruptCancelsOnlyThisStreamsRequestsNotTheClientsOthers() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(50).build()) {
            java.util.concurrent.CompletableFuture<Response> other = shoal.send(Request.get(server.url("/delay/1500")));
            Thread caller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException ignored) {
                    return;
                }
                caller.interrupt();
            });
            interrupter.start();
            assertThrows(InterruptedException.class, () -> shoal.stream(requests(server, "/delay/100", 10_000), o -> { }));
            interrupter.join();
            assertEquals(200, other.get(10, java.util.concurrent.TimeUnit.SECONDS).status(),
                    "another caller's request on the same client was cancelled");
        }
    }

    @Test
    void anIteratorThatThrowsCancelsWhatRunsAndHandsOverWhatFinished() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(50).build()) {
            List<Outcome> got = new ArrayList<>();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> shoal.stream(breaksAfter(server, "/delay/5000", 5), got::add));
            assertEquals("the input broke", e.getMessage());
            assertEquals(List.of(), got, "a cancelled request's outcome was handed over");
            awaitNoneInFlight(shoal, 1000);  // not left to run for 5 s, holding permits, with nobody to take the outcomes
        }
    }

    @Test
    void aConsumerThatThrowsCancelsTheRequestsStillInFlight() throws Exception {
        try (LatencyServer server = LatencyServer.start();
             Shoal shoal = Shoal.builder().maxInFlight(50).build()) {
            Iterator<Request> input = List.of(Request.get(server.url("/delay/1")), Request.get(server.url("/delay/5000")),
                    Request.get(server.url("/delay/5000"))).iterator();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> shoal.stream(input, o -> {
                throw new IllegalStateException("the consumer broke");
            }));
            assertEquals("the consumer broke", e.getMessage());
            awaitNoneInFlight(shoal, 1000);
        }
    }

    @Test
    @Timeout(30)
    void aNullRequestHasAFailedOutcomeLikeAnyOther() throws Exception {
        try (LatencyServer server = LatencyServer.start(); Shoal shoal = Shoal.builder().build()) {
            List<Outcome> got = new ArrayList<>();
            long n = shoal.stream(java.util.Arrays.asList(Request.get(server.url("/delay/1")), null).iterator(), got::add);
            assertEquals(2, n);
            assertEquals(1, got.stream().filter(o -> !o.isSuccess()).count(), () -> "outcomes: " + got);
        }
    }

    @Test
    void aFeedWithNothingReadyIsNotWaitedOnWhileOutcomesArrive() throws Exception {
        try (LatencyServer server = LatencyServer.start(1); Shoal shoal = Shoal.builder().build()) {
            java.util.concurrent.CountDownLatch firstConsumed = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch secondArrived = new java.util.concurrent.CountDownLatch(1);
            AtomicReference<Runnable> wake = new AtomicReference<>();
            AtomicInteger waitedInHasNext = new AtomicInteger();
            RequestFeed feed = new RequestFeed() {
                private int given;

                @Override
                public boolean ready() {
                    return given == 0 || secondArrived.getCount() == 0;
                }

                @Override
                public void onReady(Runnable w) {
                    wake.set(w);
                }

                @Override
                public boolean hasNext() {
                    try {
                        // like a pipe that is idle: the second request comes once the first outcome was consumed
                        if (given == 1 && !secondArrived.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            waitedInHasNext.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return given < 2;
                }

                @Override
                public Request next() {
                    return Request.builder(server.url("/delay/1")).tag(given++).build();
                }
            };
            Thread input = new Thread(() -> {
                try {
                    if (firstConsumed.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        secondArrived.countDown();
                        wake.get().run();
                    }
                } catch (InterruptedException ignored) {
                    // the test ends
                }
            });
            input.start();
            List<Integer> tags = new ArrayList<>();
            long n = shoal.stream(feed, outcome -> {
                tags.add((Integer) outcome.request().tag());
                firstConsumed.countDown();
            });
            input.join(10_000);
            assertEquals(2, n);
            assertEquals(List.of(0, 1), tags);
            assertEquals(0, waitedInHasNext.get(), "the stream waited for input while an outcome was ready");
        }
    }
}
