package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What each host asked of this client, on top of the user's limits: a hold ("not before then", from
 * Retry-After or a RateLimit header saying nothing is left), its adapted pace ({@link HostPace}), and the
 * spacing robots.txt's Crawl-delay asks for. Every send to a host waits for {@link #reserve}; the
 * {@link Limiter} asks {@link #maxPerHost} before admitting one. Hosts with nothing to remember are
 * forgotten, so memory does not grow with the hosts ever seen.
 */
public final class Politeness implements Limiter.HostLimits {
    private static final int FORGET_ABOVE = 10_000;

    private final int maxPerHost;
    private final long baseIntervalNanos;
    private final long maxHoldNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Origin, HostState> hosts = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();

    /**
     * @param maxPerHost the user's per-host concurrency
     * @param ratePerHost the user's per-host rate (0: none)
     * @param maxHoldNanos the longest hold a host may ask for (longer ones are cut to it)
     * @param nanoTime the clock (System::nanoTime; a fake one in tests)
     */
    public Politeness(int maxPerHost, double ratePerHost, long maxHoldNanos, LongSupplier nanoTime) {
        this.maxPerHost = maxPerHost;
        this.baseIntervalNanos = ratePerHost > 0 ? (long) (1e9 / ratePerHost) : 0;
        this.maxHoldNanos = maxHoldNanos;
        this.nanoTime = nanoTime;
    }

    private final class HostState {
        long holdUntil;
        boolean holding;
        long nextSlot;
        long crawlDelayNanos;
        final HostPace pace = new HostPace(maxPerHost, baseIntervalNanos);

        synchronized boolean forgettable(long now) {
            return (!holding || holdUntil - now <= 0) && nextSlot - now <= 0 && crawlDelayNanos == 0 && pace.atLimits();
        }
    }

    private HostState state(Origin origin) {
        if (hosts.size() > FORGET_ABOVE) {
            long now = nanoTime.getAsLong();
            hosts.values().removeIf(h -> h.forgettable(now));
        }
        return hosts.computeIfAbsent(origin, o -> new HostState());
    }

    public long now() {
        return nanoTime.getAsLong();
    }

    /** Nanoseconds until the host's hold ends; 0 when it has none. */
    public long holdRemaining(Origin origin) {
        HostState h = hosts.get(origin);
        if (h == null) return 0;
        synchronized (h) {
            return h.holding ? Math.max(0, h.holdUntil - nanoTime.getAsLong()) : 0;
        }
    }

    /**
     * The host asked not to be sent anything for {@code nanos} (cut to the longest hold allowed); a hold
     * already longer stands.
     *
     * @return the hold applied, in nanoseconds from now
     */
    public long hold(Origin origin, long nanos) {
        long applied = Math.min(Math.max(0, nanos), maxHoldNanos);
        HostState h = state(origin);
        long now = nanoTime.getAsLong();
        synchronized (h) {
            long until = now + applied;
            if (!h.holding || until - h.holdUntil > 0) {
                h.holdUntil = until;
                h.holding = true;
            }
            return h.holdUntil - now;
        }
    }

    /**
     * Takes the host's next send slot: nanoseconds to wait before sending, for the hold and the adapted or
     * Crawl-delay spacing (the user's own rate is the {@link RateLimiter}'s).
     */
    public long reserve(Origin origin) {
        return reserve(origin, Long.MAX_VALUE);
    }

    /**
     * As {@link #reserve(Origin)}, but a slot more than {@code maxWaitNanos} away is not taken (the request
     * would not live to use it, and the next one may): the wait is returned all the same, for the caller to
     * see that it is too long.
     */
    public long reserve(Origin origin, long maxWaitNanos) {
        HostState h = hosts.get(origin);
        if (h == null) return 0;
        long now = nanoTime.getAsLong();
        synchronized (h) {
            long at = now;
            if (h.holding && h.holdUntil - at > 0) {
                at = h.holdUntil;
            }
            long interval = Math.max(h.pace.intervalNanos(), h.crawlDelayNanos);
            if (interval > baseIntervalNanos) {  // at the user's rate, the rate limiter spaces alone
                if (h.nextSlot - at > 0) at = h.nextSlot;
                if (at - now <= maxWaitNanos) h.nextSlot = at + interval;
            }
            return at - now;
        }
    }

    /**
     * The host's concurrency now: the user's, or less after overloads or with a Crawl-delay; 0 while the host
     * is held, so that its waiting requests take no permit they could not use (the {@link Limiter} is woken
     * when the hold ends).
     */
    @Override
    public int maxPerHost(Origin origin) {
        HostState h = hosts.get(origin);
        if (h == null) return maxPerHost;
        synchronized (h) {
            if (h.holding && h.holdUntil - nanoTime.getAsLong() > 0) return 0;
            return h.crawlDelayNanos > 0 ? 1 : h.pace.concurrency();
        }
    }

    /**
     * robots.txt asks for {@code nanos} between requests: one at a time, each sent that long after the one before
     * (at most a minute). It stays until another Crawl-delay replaces it.
     */
    public void crawlDelay(Origin origin, long nanos) {
        HostState h = state(origin);
        synchronized (h) {
            h.crawlDelayNanos = Math.min(Math.max(0, nanos), HostPace.MAX_INTERVAL_NANOS);
        }
    }

    /** The host answered "overloaded" (429/503 without Retry-After) to a request sent at {@code sentAt}. */
    public void overloaded(Origin origin, long sentAtNanos) {
        HostState h = state(origin);
        long now = nanoTime.getAsLong();
        synchronized (h) {
            h.pace.overloaded(sentAtNanos, now - sentAtNanos, now);
        }
    }

    /** The host answered without complaint to a request sent at {@code sentAt}. */
    public void succeeded(Origin origin, long sentAtNanos) {
        HostState h = hosts.get(origin);
        if (h == null) return;  // never complained: nothing to recover
        long now = nanoTime.getAsLong();
        synchronized (h) {
            h.pace.succeeded(now - sentAtNanos);
        }
    }

    /** A request starts or stops waiting for a host's hold without holding permits. */
    public void parked(boolean start) {
        if (start) held.incrementAndGet();
        else held.decrementAndGet();
    }

    /** Requests waiting for a host's hold without permits now: they do not take the place of others. */
    public int parkedRequests() {
        return held.get();
    }

    /** Hosts remembered now (for tests: stays bounded). */
    public int trackedHosts() {
        return hosts.size();
    }
}
