package dev.shoal.internal.robots;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Origin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Each origin's robots.txt, fetched once and shared: the requests that arrive while it is being fetched wait
 * for that one fetch. What the answer means follows RFC 9309 2.3.1: a 2xx is parsed; a 4xx, or more redirects
 * than the fetch follows (a loop) means "unavailable", so everything is allowed; a 5xx or a failure to connect means
 * "unreachable", so nothing is, until it is asked again after {@link #UNREACHABLE_RETRY_NANOS}. Rules are
 * kept at most a day (RFC 9309 2.4). Past {@link #MAX_ORIGINS} origins, finished entries are forgotten
 * (and fetched again if needed), so memory stays bounded on a crawl over many hosts.
 */
public final class RobotsCache {
    static final long UNREACHABLE_RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final long KEEP_NANOS = TimeUnit.HOURS.toNanos(24);
    static final int MAX_ORIGINS = 10_000;
    /** RFC 9309 2.3.1.2: a crawler SHOULD follow at least five consecutive redirects to a robots.txt. */
    public static final int MIN_REDIRECTS = 5;

    private final Function<Origin, CompletableFuture<Response>> fetch;
    private final String token;
    private final LongSupplier nanoTime;
    private final Map<Origin, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(CompletableFuture<RobotsRules> rules, long fetchedAt) {
    }

    /**
     * @param fetch fetches {@code /robots.txt} of an origin, with its body in memory
     * @param userAgent this client's User-Agent, whose product token picks the group
     * @param nanoTime the clock
     */
    public RobotsCache(Function<Origin, CompletableFuture<Response>> fetch, String userAgent, LongSupplier nanoTime) {
        this.fetch = fetch;
        this.token = RobotsRules.productToken(userAgent);
        this.nanoTime = nanoTime;
    }

    /** The rules for {@code origin}: at once when known, else when its one fetch ends. Never fails. */
    public CompletableFuture<RobotsRules> rules(Origin origin) {
        long now = nanoTime.getAsLong();
        Entry e = entries.get(origin);
        if (e != null && !expired(e, now)) {
            return e.rules;
        }
        if (entries.size() > MAX_ORIGINS) {
            entries.values().removeIf(x -> x.rules.isDone());
        }
        Entry fresh = new Entry(new CompletableFuture<>(), now);
        Entry won = entries.compute(origin, (o, old) -> old != null && !expired(old, now) ? old : fresh);
        if (won == fresh) {
            CompletableFuture<Response> fetched;
            try {
                fetched = fetch.apply(origin);
            } catch (RuntimeException ex) {
                fetched = CompletableFuture.failedFuture(ex);
            }
            fetched.whenComplete((response, error) -> fresh.rules.complete(read(response, error)));
        }
        return won.rules;
    }

    private boolean expired(Entry e, long now) {
        if (!e.rules.isDone()) return false;
        RobotsRules r = e.rules.getNow(null);
        long keep = r != null && r.unreachable() ? UNREACHABLE_RETRY_NANOS : KEEP_NANOS;
        return now - e.fetchedAt >= keep;
    }

    /** What an answer (or the failure to get one) means, by RFC 9309 2.3.1. */
    RobotsRules read(Response response, Throwable error) {
        if (error != null) {
            if (root(error) instanceof ShoalException e && e.kind() == ErrorKind.TOO_MANY_REDIRECTS) {
                return RobotsRules.ALLOW_ALL;  // RFC 9309 2.3.1.2: past the redirects followed, "unavailable"
            }
            return RobotsRules.unreachable("robots.txt unreachable (" + rootMessage(error) + "): everything disallowed");
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            byte[] body = response.body();
            return RobotsRules.parse(body == null ? "" : new String(body, StandardCharsets.UTF_8), token);
        }
        if (status >= 500) {
            return RobotsRules.unreachable("robots.txt unreachable (status " + status + "): everything disallowed");
        }
        return RobotsRules.ALLOW_ALL;  // 4xx, or redirects that did not end in an answer: "unavailable"
    }

    private static String rootMessage(Throwable error) {
        Throwable e = root(error);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Throwable root(Throwable error) {
        Throwable e = error;
        while (e.getCause() != null && e.getCause() != e && (e instanceof java.util.concurrent.CompletionException)) {
            e = e.getCause();
        }
        return e;
    }

    /** Origins with rules kept or being fetched (for tests: stays bounded). */
    public int size() {
        return entries.size();
    }
}
