package dev.shoal;

import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** robots.txt obeyed end to end: fetched once per host, disallowed paths never sent, Crawl-delay as the pace. */
@Timeout(60)
class RobotsTest {
    static final long MS = 1_000_000L;

    static List<Outcome> fetch(Shoal shoal, List<Request> requests) throws InterruptedException {
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        shoal.stream(requests.iterator(), outcomes::add);
        return outcomes;
    }

    @Test
    void disallowedPathsAreRowsOfTheirOwnKindAndNeverSentAndRobotsTxtIsFetchedOnce() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            AtomicInteger robotsFetches = new AtomicInteger();
            server.route("/robots.txt", (request, reply) -> {
                robotsFetches.incrementAndGet();
                reply.header("Content-Type", "text/plain").delay(Duration.ofMillis(200))
                        .body("User-agent: *\nDisallow: /\n\nUser-agent: shoal\nDisallow: /private\nAllow: /private/ok\n");
            });
            server.route("/", (request, reply) -> reply.body("ok"));
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                requests.add(Request.get(server.url("/public/" + i)));
                requests.add(Request.get(server.url("/private/" + i)));
            }
            requests.add(Request.get(server.url("/private/ok")));
            try (Shoal shoal = Shoal.builder().robots(true).userAgent("Shoal/1.0 (+https://example.test/bot)").build()) {
                List<Outcome> outcomes = fetch(shoal, requests);
                assertEquals(21, outcomes.size());
                for (Outcome o : outcomes) {
                    String path = java.net.URI.create(o.request().url()).getPath();
                    if (path.startsWith("/private/") && !path.equals("/private/ok")) {
                        assertTrue(o instanceof Outcome.Failure f && f.kind() == ErrorKind.ROBOTS, o.toString());
                        assertTrue(((Outcome.Failure) o).error().getMessage().contains("Disallow: /private"), o.toString());
                    } else {
                        assertTrue(o.isSuccess(), o.toString());
                    }
                }
            }
            assertEquals(1, robotsFetches.get(), "concurrent first requests share one fetch");
            assertEquals(0, server.requests("/private/") - server.requests("/private/ok"), "a disallowed path was sent");
            assertEquals(11, server.requests("/p"));
        }
    }

    @Test
    void aMissingRobotsTxtAllowsAllAndAFailingOneDisallowsAll() throws Exception {
        try (FaultServer missing = FaultServer.start(); FaultServer failing = FaultServer.start()) {
            missing.route("/robots.txt", (request, reply) -> reply.status(404));
            missing.route("/x", (request, reply) -> reply.body("ok"));
            failing.route("/robots.txt", (request, reply) -> reply.status(503));
            failing.route("/x", (request, reply) -> reply.body("ok"));
            try (Shoal shoal = Shoal.builder().robots(true).build()) {
                List<Outcome> outcomes = fetch(shoal, List.of(Request.get(missing.url("/x")), Request.get(failing.url("/x"))));
                Outcome fromMissing = outcomes.stream().filter(o -> o.request().url().startsWith(missing.url(""))).findFirst().orElseThrow();
                Outcome fromFailing = outcomes.stream().filter(o -> o.request().url().startsWith(failing.url(""))).findFirst().orElseThrow();
                assertTrue(fromMissing.isSuccess(), fromMissing.toString());
                assertTrue(fromFailing instanceof Outcome.Failure f && f.kind() == ErrorKind.ROBOTS, fromFailing.toString());
                assertEquals(0, failing.requests("/x"));
            }
        }
    }

    @Test
    void aRobotsTxtThatRedirectsForeverIsUnavailableSoEverythingIsAllowed() throws Exception {
        try (FaultServer loop = FaultServer.start(); FaultServer chain = FaultServer.start()) {
            loop.route("/robots.txt", (request, reply) -> reply.status(302).header("Location", loop.url("/robots.txt")));
            loop.route("/x", (request, reply) -> reply.body("ok"));
            chain.route("/robots.txt", (request, reply) -> reply.status(301).header("Location", chain.url("/r/1")));
            chain.route("/r/", (request, reply) -> reply.status(302).header("Location",
                    chain.url("/r/" + (Integer.parseInt(request.uri().substring(3)) + 1))));
            chain.route("/x", (request, reply) -> reply.body("ok"));
            try (Shoal shoal = Shoal.builder().robots(true).build()) {
                List<Outcome> outcomes = fetch(shoal, List.of(Request.get(loop.url("/x")), Request.get(chain.url("/x"))));
                assertEquals(2, outcomes.size());
                for (Outcome o : outcomes) {
                    assertTrue(o.isSuccess(), "RFC 9309 2.3.1.2: robots.txt unavailable, no restriction: " + o);
                }
                // the failed robots.txt call must not close the pooled connection /x was then sent on (and resent)
                assertEquals(1, loop.requests("/x"));
                assertEquals(1, chain.requests("/x"));
            }
        }
    }

    @Test
    void robotsTxtFollowsFiveRedirectsEvenWhenTheClientFollowsNone() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            // RFC 9309 2.3.1.2: at least five consecutive redirects, whatever the client's own limit
            server.route("/robots.txt", (request, reply) -> reply.status(301).header("Location", server.url("/r/1")));
            server.route("/r/", (request, reply) -> {
                int n = Integer.parseInt(request.uri().substring(3));
                reply.status(302).header("Location", server.url(n < 4 ? "/r/" + (n + 1) : "/rules.txt"));
            });
            server.route("/rules.txt", (request, reply) -> reply.body("User-agent: *\nDisallow: /private\n"));
            server.route("/", (request, reply) -> reply.body("ok"));
            for (Shoal.Builder builder : List.of(Shoal.builder().maxRedirects(0), Shoal.builder().followRedirects(false))) {
                try (Shoal shoal = builder.robots(true).build()) {
                    List<Outcome> outcomes = fetch(shoal, List.of(Request.get(server.url("/private/x"))));
                    assertEquals(1, outcomes.size());
                    assertTrue(outcomes.get(0) instanceof Outcome.Failure f && f.kind() == ErrorKind.ROBOTS,
                            outcomes.get(0).toString());
                }
            }
            assertEquals(0, server.requests("/private/"), "a disallowed path was sent");
        }
    }

    @Test
    void aRobotsTxtOfAnySizeIsReadOnlyAsFarAsItIsParsedNeverHeldWhole() throws Exception {
        try (FaultServer big = FaultServer.start(); FaultServer endless = FaultServer.start()) {
            // rules, then 2 MiB of comments: past the 500 KiB parsed, and past this client's body limit
            StringBuilder text = new StringBuilder("User-agent: *\nDisallow: /private\n");
            while (text.length() < 2 << 20) {
                text.append("# filler filler filler filler filler filler filler filler\n");
            }
            big.route("/robots.txt", (request, reply) -> reply.body(text.toString()));
            big.route("/", (request, reply) -> reply.body("ok"));
            // a body that never ends (a server's mistake, or a decompression bomb): read until the parsing limit
            endless.route("/robots.txt", (request, reply) -> reply.status(302).header("Location", endless.url("/endless")));
            endless.route("/x", (request, reply) -> reply.body("ok"));
            try (Shoal shoal = Shoal.builder().robots(true).maxBodyBytes(1 << 20).deadline(Duration.ofSeconds(20)).build()) {
                List<Outcome> outcomes = fetch(shoal, List.of(Request.get(big.url("/private/x")), Request.get(big.url("/x")),
                        Request.get(endless.url("/x"))));
                assertEquals(3, outcomes.size());
                for (Outcome o : outcomes) {
                    if (o.request().url().endsWith("/private/x")) {
                        assertTrue(o instanceof Outcome.Failure f && f.kind() == ErrorKind.ROBOTS
                                && f.error().getMessage().contains("Disallow: /private"), o.toString());
                    } else {
                        assertTrue(o.isSuccess(), o.toString());
                    }
                }
            }
            assertEquals(0, big.requests("/private/"), "a disallowed path was sent");
        }
    }

    @Test
    void crawlDelayBecomesTheHostsPaceOneAtATime() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
            server.route("/robots.txt", (request, reply) -> reply.body("User-agent: *\nCrawl-delay: 0.3\n"));
            server.route("/p", (request, reply) -> {
                arrivals.add(System.nanoTime());
                reply.body("ok");
            });
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                requests.add(Request.get(server.url("/p/" + i)));
            }
            try (Shoal shoal = Shoal.builder().robots(true).maxPerHost(8).build()) {
                List<Outcome> outcomes = fetch(shoal, requests);
                assertTrue(outcomes.stream().allMatch(Outcome::isSuccess), outcomes::toString);
            }
            List<Long> sorted = new ArrayList<>(arrivals);
            Collections.sort(sorted);
            assertEquals(5, sorted.size());
            // the first one also waited for its connection: from the second on, the sends are 300 ms apart
            long span = sorted.get(4) - sorted.get(1);
            assertTrue(span > 800 * MS, "4 requests within " + span / MS + " ms, Crawl-delay 300 ms");
        }
    }

    @Test
    void withoutTheFlagRobotsTxtIsNotAsked() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            server.route("/robots.txt", (request, reply) -> reply.body("User-agent: *\nDisallow: /\n"));
            server.route("/x", (request, reply) -> reply.body("ok"));
            try (Shoal shoal = Shoal.builder().build()) {
                assertEquals(200, shoal.send(Request.get(server.url("/x"))).join().status());
            }
            assertEquals(0, server.requests("/robots.txt"));
        }
    }
}
