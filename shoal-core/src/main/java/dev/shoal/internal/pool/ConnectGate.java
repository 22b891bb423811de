package dev.shoal.internal.pool;

import io.netty.channel.EventLoop;

import java.util.ArrayDeque;

/**
 * Bounds the connects in progress over the whole client; the others wait their turn in order, without a thread.
 *
 * <p>A connect's timeout starts when it is attempted. Without a bound, a burst of thousands of connects (a
 * run of 10,000 in flight starting) puts thousands of channel registrations and connects in the event loops'
 * task queues at once: each one's timeout then runs while it waits behind the others, and on a machine short of
 * CPU it expires before the loop has even made the connect, which is counted as the server's slowness
 * ({@code connect_timeout}). Behind the gate a connect waits for the ones before it to end instead, and its clock
 * starts when it leaves, so the connect timeout measures the handshake, as curl's {@code --connect-timeout} does.
 *
 * <p>The cost of the bound: connects that hang until their timeout (hosts that drop SYNs) hold their places
 * meanwhile, so at most {@code max} of them per connect timeout are made.
 */
final class ConnectGate {
    /**
     * Connects in progress at once: above the usual concurrency (a run of up to 1,024 in flight never waits
     * here), and few enough that a process short of CPU gets through them well within a connect timeout.
     */
    static final int DEFAULT_MAX = 1024;

    private final int max;
    // guarded by this; never held while calling out
    private int inProgress;
    private final ArrayDeque<Turn> line = new ArrayDeque<>();

    /** A connect waiting for its place: {@code attempt} runs on {@code loop}, or {@code refused} when it is shut down. */
    private record Turn(EventLoop loop, Runnable attempt, Runnable refused) {
    }

    ConnectGate(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
    }

    /**
     * Runs {@code attempt} now, on this thread, when a place is free, else later on {@code loop} when one frees
     * (or {@code refused}, there, if the loop no longer takes tasks). Either holds a place until {@link #leave}.
     */
    void enter(EventLoop loop, Runnable attempt, Runnable refused) {
        synchronized (this) {
            if (inProgress >= max) {
                line.add(new Turn(loop, attempt, refused));
                return;
            }
            inProgress++;
        }
        attempt.run();
    }

    /** A connect that held a place has ended (connected, failed or given up): the place goes to the next in line. */
    void leave() {
        while (true) {
            Turn next;
            synchronized (this) {
                next = line.poll();
                if (next == null) {
                    inProgress--;
                    return;
                }
            }
            try {
                next.loop.execute(next.attempt);  // on its loop: no chain of connects on this stack
                return;
            } catch (RuntimeException shutDown) {
                next.refused.run();  // it never held the place: pass it on
            }
        }
    }

    /** Connects holding a place now. */
    synchronized int inProgress() {
        return inProgress;
    }

    /** Connects waiting for a place. */
    synchronized int waiting() {
        return line.size();
    }
}
