package dev.shoal.internal.limit;

import dev.shoal.internal.base.Origin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Admission: at most {@code maxPerHost} requests per origin and {@code maxInFlight} overall, waited for in
 * FIFO order without holding a thread. A request takes its host permit first, then a global one, so a busy
 * host never holds global permits it cannot use. Host entries are dropped when idle: memory does not grow
 * with the number of hosts ever seen.
 */
public final class Limiter {
    private final int maxPerHost;
    private final HostLimits hostLimits;
    private int globalFree;
    private int inFlight;
    private final Map<Origin, Host> hosts = new HashMap<>();
    private final ArrayDeque<Ticket> globalWaiters = new ArrayDeque<>();

    public Limiter(int maxInFlight, int maxPerHost) {
        this(maxInFlight, maxPerHost, null);
    }

    /** As {@link #Limiter(int, int)}, with each host's limit lowered as {@code hostLimits} says (null: never). */
    public Limiter(int maxInFlight, int maxPerHost, HostLimits hostLimits) {
        this.globalFree = maxInFlight;
        this.maxPerHost = maxPerHost;
        this.hostLimits = hostLimits;
    }

    /** A host's concurrency now, at most the configured one (it may change between two looks); 0 while it is held. */
    public interface HostLimits {
        int maxPerHost(Origin origin);
    }

    private int limitOf(Host h) {
        return hostLimits == null ? maxPerHost : Math.max(0, Math.min(maxPerHost, hostLimits.maxPerHost(h.origin)));
    }

    private enum State { WAIT_HOST, WAIT_GLOBAL, GRANTED, RELEASED }

    private static final class Host {
        final Origin origin;
        int inUse;
        int waiting;
        final ArrayDeque<Ticket> waiters = new ArrayDeque<>();

        Host(Origin origin) {
            this.origin = origin;
        }
    }

    /**
     * A claim on permits; granted at once or later, and released exactly once. Running it releases it:
     * a request's end hook, without a lambda per request (see dev.shoal.internal's package-info).
     */
    public final class Ticket implements Runnable {
        private final Host host;
        private final Runnable hostGranted;
        private State state;
        private CompletableFuture<Ticket> granted;

        private Ticket(Host host, Runnable hostGranted) {
            this.host = host;
            this.hostGranted = hostGranted;
        }

        private boolean queuedForHost;

        /** Whether, when acquired, it had to wait for its host's permit (else for the global one, or for nothing). */
        public synchronized boolean queuedForHost() {
            return queuedForHost;
        }

        @Override
        public void run() {
            release(this);
        }

        public synchronized boolean isGranted() {
            return state == State.GRANTED;
        }

        /** Completes when both permits are held (on the thread that released them). */
        public synchronized CompletableFuture<Ticket> granted() {
            if (granted == null) {
                granted = state == State.GRANTED ? CompletableFuture.completedFuture(this) : new CompletableFuture<>();
            }
            return granted;
        }

        private void grant() {
            CompletableFuture<Ticket> f;
            synchronized (this) {
                f = granted;
                if (f == null) {
                    granted = f = new CompletableFuture<>();
                }
            }
            f.complete(this);
        }
    }

    public Ticket acquire(Origin origin) {
        return acquire(origin, null);
    }

    /** As {@link #acquire(Origin)}; {@code hostGranted} (if not null) runs when a wait for the host's permit ends. */
    public Ticket acquire(Origin origin, Runnable hostGranted) {
        synchronized (this) {
            Host h = hosts.computeIfAbsent(origin, Host::new);
            Ticket t = new Ticket(h, hostGranted);
            if (h.inUse < limitOf(h) && h.waiting == 0) {
                h.inUse++;
                if (globalFree > 0 && globalWaiters.isEmpty()) {
                    globalFree--;
                    inFlight++;
                    t.state = State.GRANTED;
                } else {
                    t.state = State.WAIT_GLOBAL;
                    globalWaiters.add(t);
                }
            } else {
                t.state = State.WAIT_HOST;
                t.queuedForHost = true;
                h.waiting++;
                h.waiters.add(t);
            }
            return t;
        }
    }

    /** Gives back what the ticket holds, or withdraws it from its queue; hands permits on to waiters. */
    public void release(Ticket t) {
        HandedOn handed = new HandedOn();
        synchronized (this) {
            Host h = t.host;
            switch (t.state) {
                case GRANTED -> {
                    h.inUse--;
                    globalFree++;
                    inFlight--;
                }
                case WAIT_GLOBAL -> h.inUse--;   // stays queued; skipped when polled
                case WAIT_HOST -> h.waiting--;   // likewise
                case RELEASED -> {
                    return;
                }
            }
            t.state = State.RELEASED;
            handOn(h, handed);
        }
        handed.tell();
    }

    /**
     * Admits {@code origin}'s waiters as far as its limit now allows: called when a host's hold ends, which
     * frees no permit and so would wake no one.
     */
    public void wake(Origin origin) {
        HandedOn handed = new HandedOn();
        synchronized (this) {
            Host h = hosts.get(origin);
            if (h == null) {
                return;
            }
            handOn(h, handed);
        }
        handed.tell();
    }

    /** The waiters given permits by one release or wake, told once the lock is let go. */
    private static final class HandedOn {
        final List<Ticket> granted = new ArrayList<>(2);
        List<Runnable> hostGranted;

        void tell() {
            if (hostGranted != null) {
                hostGranted.forEach(Runnable::run);
            }
            for (Ticket w : granted) {
                w.grant();
            }
        }
    }

    private void handOn(Host h, HandedOn handed) {
        int limit = h.waiting > 0 ? limitOf(h) : 0;
        while (h.inUse < limit && h.waiting > 0) {
            Ticket w = h.waiters.poll();
            if (w.state != State.WAIT_HOST) continue;
            h.waiting--;
            h.inUse++;
            w.state = State.WAIT_GLOBAL;
            globalWaiters.add(w);
            if (w.hostGranted != null) {
                if (handed.hostGranted == null) handed.hostGranted = new ArrayList<>(2);
                handed.hostGranted.add(w.hostGranted);
            }
        }
        List<Ticket> demoted = null;
        while (globalFree > 0 && !globalWaiters.isEmpty()) {
            Ticket w = globalWaiters.poll();
            if (w.state != State.WAIT_GLOBAL) continue;
            if (hostLimits != null && limitOf(w.host) == 0) {
                // its host was held since it got its host permit: back in the host's line, leaving the global one to others
                if (demoted == null) demoted = new ArrayList<>(2);
                demoted.add(w);
                continue;
            }
            globalFree--;
            inFlight++;
            w.state = State.GRANTED;
            handed.granted.add(w);
        }
        if (demoted != null) {
            for (int i = demoted.size() - 1; i >= 0; i--) {  // to the front of their hosts' lines, in their order
                Ticket w = demoted.get(i);
                w.host.inUse--;
                w.host.waiting++;
                w.state = State.WAIT_HOST;
                w.host.waiters.addFirst(w);
            }
        }
        if (h.inUse == 0 && h.waiting == 0) {
            hosts.remove(h.origin, h);
        }
    }

    /** Requests holding both permits now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** Origins with a request admitted or waiting (for tests: stays bounded). */
    public synchronized int trackedHosts() {
        return hosts.size();
    }
}
