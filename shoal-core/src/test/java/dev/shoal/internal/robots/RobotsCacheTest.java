package dev.shoal.internal.robots;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Response;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.internal.base.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One fetch per origin, shared; what each kind of answer means (RFC 9309 2.3.1), on a fake clock. */
@Timeout(10)
class RobotsCacheTest {
    static final Origin A = new Origin("http", "a.test", 80);
    long now;
    final List<CompletableFuture<Response>> fetches = new ArrayList<>();
    final RobotsCache cache = new RobotsCache(o -> {
        CompletableFuture<Response> f = new CompletableFuture<>();
        fetches.add(f);
        return f;
    }, "shoal/0.1", () -> now);

    static Response response(int status, String body) {
        return new ResponseBuilder().status(status).headers(Headers.empty()).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void concurrentFirstRequestsShareOneFetch() {
        CompletableFuture<RobotsRules> first = cache.rules(A);
        CompletableFuture<RobotsRules> second = cache.rules(A);
        assertEquals(1, fetches.size());
        assertSame(first, second);
        fetches.get(0).complete(response(200, "User-agent: *\nDisallow: /private\n"));
        assertFalse(second.join().allows("/private"));
        assertTrue(cache.rules(A).isDone(), "known: at once");
        assertTrue(cache.rules(A).join().allows("/public"));
        assertEquals(1, fetches.size());
    }

    @Test
    void a4xxAllowsEverythingAnd5xxOrNoAnswerDisallowsEverythingUntilAskedAgain() {
        cache.rules(A);
        fetches.get(0).complete(response(404, "not found"));
        assertTrue(cache.rules(A).join().allows("/x"));
        Origin b = new Origin("http", "b.test", 80);
        cache.rules(b);
        fetches.get(1).complete(response(503, ""));
        assertFalse(cache.rules(b).join().allows("/x"));
        Origin c = new Origin("http", "c.test", 80);
        cache.rules(c);
        fetches.get(2).completeExceptionally(Internal.shoalException(ErrorKind.CONNECT_REFUSED, "connection refused"));
        RobotsRules refused = cache.rules(c).join();
        assertFalse(refused.allows("/x"));
        assertTrue(refused.source().contains("connection refused"), refused.source());
        now += RobotsCache.UNREACHABLE_RETRY_NANOS;
        cache.rules(b);
        assertEquals(4, fetches.size(), "unreachable: asked again after a while");
        cache.rules(A);
        assertEquals(4, fetches.size(), "a 404 is kept");
    }

    @Test
    void tooManyRedirectsIsUnavailableSoEverythingIsAllowedAndKept() {
        cache.rules(A);
        fetches.get(0).completeExceptionally(new java.util.concurrent.CompletionException(
                Internal.shoalException(ErrorKind.TOO_MANY_REDIRECTS, "more than 10 redirects")));
        RobotsRules rules = cache.rules(A).join();
        assertTrue(rules.allows("/x"));
        assertFalse(rules.unreachable());
        now += RobotsCache.UNREACHABLE_RETRY_NANOS;
        cache.rules(A);
        assertEquals(1, fetches.size(), "unavailable is kept like a 404");
    }
}
