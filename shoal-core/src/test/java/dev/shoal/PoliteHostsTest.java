package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Politeness as hosts see it: in-process servers (one origin each) count what each receives and when, while
 * one of them answers 429s and the others answer 200.
 */
@Timeout(60)
class PoliteHostsTest {
    static final long MS = 1_000_000L;

    final List<FaultServer> servers = new ArrayList<>();

    @AfterEach
    void close() {
        servers.forEach(FaultServer::close);
    }

    /** A server whose /p route records each arrival's time and answers as {@code answer} says. */
    FaultServer server(List<Long> arrivals, Answer answer) {
        FaultServer s = FaultServer.start();
        servers.add(s);
        AtomicInteger n = new AtomicInteger();
        s.route("/p", (request, reply) -> {
            arrivals.add(System.nanoTime());
            answer.fill(n.getAndIncrement(), reply);
        });
        return s;
    }

    interface Answer {
        void fill(int index, Reply reply);
    }

    static List<Long> arrivals() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    static long countBetween(List<Long> times, long from, long to) {
        synchronized (times) {
            return times.stream().filter(t -> t - from >= 0 && t - to < 0).count();
        }
    }

    static List<Request> interleaved(int each, FaultServer... hosts) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (FaultServer h : hosts) {
                requests.add(Request.get(h.url("/p?i=" + i)));
            }
        }
        return requests;
    }

    static List<Outcome> stream(Shoal shoal, List<Request> requests) throws InterruptedException {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        shoal.stream(requests.iterator(), outcomes::add);
        return outcomes;
    }

    @Test
    void retryAfterHoldsEveryRequestToThatHostWhileTheOtherHostsGoOn() throws Exception {
        List<Long> heldArrivals = arrivals();
        List<Long> otherArrivals = arrivals();
        AtomicLong answered429 = new AtomicLong();
        FaultServer held = server(heldArrivals, (i, reply) -> {
            if (i == 0) {
                answered429.set(System.nanoTime());
                reply.status(429).header("Retry-After", "2").delay(Duration.ofMillis(100));
            } else {
                reply.delay(Duration.ofMillis(300));  // slow: its requests pile up in line when the hold starts
            }
        });
        FaultServer a = server(otherArrivals, (i, reply) -> reply.delay(Duration.ofMillis(50)));
        FaultServer b = server(otherArrivals, (i, reply) -> reply.delay(Duration.ofMillis(50)));
        // per host as high as the concurrency (the CLI's default): a held host could take every permit
        try (Shoal shoal = Shoal.builder().maxInFlight(8).maxPerHost(8).deadline(Duration.ofSeconds(20)).build()) {
            AtomicLong seen429 = new AtomicLong();
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            shoal.stream(interleaved(40, held, a, b).iterator(), o -> {
                if (o instanceof Outcome.Success s && s.response().status() == 429) {
                    seen429.set(System.nanoTime());  // the host was held before its 429 was handed out
                }
                outcomes.add(o);
            });

            assertEquals(120, outcomes.size(), "one outcome per request");
            assertTrue(outcomes.stream().allMatch(Outcome::isSuccess), outcomes::toString);
            assertEquals(1, outcomes.stream().filter(o -> ((Outcome.Success) o).response().status() == 429).count());
            long t = answered429.get();
            // sent before the client saw the 429, a request may arrive just after it left; then nothing until 2 s later
            assertEquals(0, countBetween(heldArrivals, seen429.get() + 50 * MS, t + 2000 * MS),
                    "the held host received requests during its Retry-After");
            assertTrue(t + 2000 * MS - seen429.get() > 1000 * MS, "the hold was seen too late to tell");
            assertEquals(40, heldArrivals.size(), "every held request was sent once the hold ended");
            long othersLast;
            synchronized (otherArrivals) {
                othersLast = Collections.max(otherArrivals);
            }
            assertTrue(othersLast - t < 1500 * MS, "the other hosts waited for the held one: their last request came "
                    + (othersLast - t) / MS + " ms after the 429");
            long politeRows = outcomes.stream().filter(o -> o.request().url().startsWith(held.url("/")))
                    .filter(o -> ((Outcome.Success) o).response().timings().politeNanos() > 500 * MS).count();
            assertTrue(politeRows > 0, "rows of the held host say they were held");
            assertTrue(outcomes.stream().filter(o -> !o.request().url().startsWith(held.url("/")))
                    .allMatch(o -> ((Outcome.Success) o).response().timings().politeNanos() == 0));
        }
    }

    @Test
    void aRequestWhoseDeadlineWouldPassWhileItsHostIsHeldEndsAsTimeoutAtOnce() throws Exception {
        List<Long> arrivals = arrivals();
        FaultServer held = server(arrivals, (i, reply) -> reply.status(503).header("Retry-After", "30"));
        FaultServer hops = FaultServer.start();
        servers.add(hops);
        // started (deadline running) before the hold, reaching the held host by a redirect during it
        hops.route("/go", (request, reply) -> reply.status(302).header("Location", held.url("/p?via=redirect"))
                .delay(Duration.ofMillis(300)));
        try (Shoal shoal = Shoal.builder().deadline(Duration.ofSeconds(5)).build()) {
            var redirected = shoal.send(Request.get(hops.url("/go")));
            assertEquals(503, shoal.send(Request.get(held.url("/p"))).join().status());
            long start = System.nanoTime();
            ShoalException e = assertThrowsCause(redirected);
            assertEquals(ErrorKind.TIMEOUT, e.kind(), e.toString());
            assertTrue(System.nanoTime() - start < 3000 * MS, "ended at once, not when the deadline passed");
            assertEquals(1, arrivals.size(), "nothing sent to the held host during the hold");
            assertTrue(e.timings().politeNanos() > 0, "the row says it was held");
        }
    }

    @Test
    void aHoldIsCutToTheLongestRetryAfterAllowedAndThenEveryQueuedRequestIsSent() throws Exception {
        List<Long> arrivals = arrivals();
        AtomicLong answered = new AtomicLong();
        FaultServer held = server(arrivals, (i, reply) -> {
            if (i == 0) {
                answered.set(System.nanoTime());
                reply.status(429).header("Retry-After", "3600");
            }
        });
        try (Shoal shoal = Shoal.builder().maxInFlight(4).maxPerHost(4).deadline(Duration.ofSeconds(20))
                .retry(RetryPolicy.none().withMaxRetryAfter(Duration.ofSeconds(1))).build()) {
            assertEquals(429, shoal.send(Request.get(held.url("/p"))).join().status());
            List<Outcome> rest = stream(shoal, interleaved(10, held));
            assertEquals(10, rest.size());
            assertTrue(rest.stream().allMatch(o -> o.isSuccess() && ((Outcome.Success) o).response().status() == 200),
                    rest::toString);
            assertEquals(0, countBetween(arrivals, answered.get() + 250 * MS, answered.get() + 1000 * MS));
            assertEquals(11, arrivals.size());
        }
    }

    @Test
    void aRateLimitHeaderWithNothingRemainingHoldsTheHostUntilItsReset() throws Exception {
        List<Long> arrivals = arrivals();
        FaultServer limited = server(arrivals, (i, reply) -> {
            if (i == 0) {
                reply.header("RateLimit", "\"default\";r=0;t=1").header("RateLimit-Policy", "\"default\";q=1;w=1");
            }
        });
        try (Shoal shoal = Shoal.builder().build()) {
            assertEquals(200, shoal.send(Request.get(limited.url("/p"))).join().status());
            long seen = System.nanoTime();
            List<Outcome> rest = stream(shoal, interleaved(3, limited));
            assertTrue(rest.stream().allMatch(Outcome::isSuccess), rest::toString);
            assertEquals(0, countBetween(arrivals, seen, seen + 900 * MS), "sent before the quota's reset");
            assertEquals(4, arrivals.size());
        }
    }

    static ShoalException assertThrowsCause(java.util.concurrent.CompletableFuture<Response> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            return (ShoalException) e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void repeated429sWithoutRetryAfterSlowTheHostDownAndNotTheOthers() throws Exception {
        List<Long> badArrivals = arrivals();
        List<Long> goodArrivals = arrivals();
        FaultServer bad = server(badArrivals, (i, reply) -> reply.status(429));
        FaultServer good = server(goodArrivals, (i, reply) -> reply.delay(Duration.ofMillis(10)));
        try (Shoal shoal = Shoal.builder().maxInFlight(8).maxPerHost(8).deadline(Duration.ofSeconds(2)).build()) {
            shoal.send(Request.get(good.url("/warm-up"))).handle((r, e) -> r).join();  // a cold first connection is not counted
            long start = System.nanoTime();
            List<Outcome> outcomes = stream(shoal, interleaved(100, bad, good));
            long took = System.nanoTime() - start;

            assertEquals(200, outcomes.size());
            assertEquals(100, goodArrivals.size());
            assertTrue(badArrivals.size() < 50, "the overloaded host still received " + badArrivals.size() + " of 100");
            for (Outcome o : outcomes) {
                if (o.request().url().startsWith(good.url("/"))) {
                    assertTrue(o.isSuccess(), o.toString());
                    assertEquals(200, ((Outcome.Success) o).response().status());
                } else {
                    assertTrue(o instanceof Outcome.Success s ? s.response().status() == 429
                            : ((Outcome.Failure) o).kind() == ErrorKind.TIMEOUT, o.toString());
                }
            }
            assertTrue(took < 15_000 * MS, "took " + took / MS + " ms");
        }
    }

    @Test
    void withoutAdaptingEvery429IsSentAsBefore() throws Exception {
        List<Long> badArrivals = arrivals();
        FaultServer bad = server(badArrivals, (i, reply) -> reply.status(429).header("Retry-After", i == 0 ? "5" : "0"));
        try (Shoal shoal = Shoal.builder().maxInFlight(8).maxPerHost(8).adaptToHosts(false).build()) {
            List<Outcome> outcomes = stream(shoal, interleaved(40, bad));
            assertEquals(40, outcomes.size());
            assertEquals(40, badArrivals.size());
        }
    }
}
