package dev.shoal.internal.call;

import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of a client's running calls, served by one timer. Every call of a client gets the same deadline
 * length from its start, so a call that starts later ends later: kept in the order they started, the earliest
 * deadline is always first, and one timer, set for it, serves them all. A call leaves the line the moment it
 * ends, so an ended call is never held until its deadline; the timer is not taken back then, but when it goes off
 * early it only sets itself again for the call now first. A timer per call would cost a scheduled task to add
 * (from the caller's thread, through the event loop's queue) and another to remove, per request.
 *
 * <p>Calls that start at the same time on two threads may join in either order, so a deadline may be some
 * microseconds before the one ahead of it; it is then served with that one.
 */
public final class Deadlines {
    private final EventExecutor loop;
    private final long lengthNanos;
    private final Runnable check = new Check();
    /** The line, oldest first, linked through the calls themselves: no allocation per call. Guarded by this. */
    private Call first;
    private Call last;
    /** The timer is set (it may be set for a call that has left since). Guarded by this. */
    private boolean armed;

    /**
     * @param loop runs the timer, and so the calls' deadline failures
     * @param lengthNanos every call's deadline, counted from its start (0 or less: none)
     */
    public Deadlines(EventExecutor loop, long lengthNanos) {
        this.loop = loop;
        this.lengthNanos = lengthNanos;
    }

    /** Whether calls have a deadline at all. */
    boolean enabled() {
        return lengthNanos > 0;
    }

    long lengthNanos() {
        return lengthNanos;
    }

    /** {@code call} started at {@code startNanos}: its deadline is {@link #lengthNanos} from then. */
    synchronized void add(Call call, long startNanos) {
        if (call.deadlineListed) {
            return;
        }
        call.deadlineNanos = startNanos + lengthNanos;
        call.deadlineListed = true;
        call.deadlinePrevious = last;
        call.deadlineNext = null;
        if (last == null) {
            first = call;
        } else {
            last.deadlineNext = call;
        }
        last = call;
        if (!armed) {
            try {
                loop.schedule(check, lengthNanos, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                unlink(call);  // the client is closing: no timer, as with a timer per call
                throw e;
            }
            armed = true;
        }
    }

    /** {@code call} has ended: it leaves the line (no-op when it is not in it). */
    void remove(Call call) {
        if (lengthNanos <= 0) {
            return;
        }
        synchronized (this) {
            if (call.deadlineListed) {
                unlink(call);
            }
        }
    }

    /** How many calls wait for their deadline (for tests). */
    synchronized int size() {
        int n = 0;
        for (Call c = first; c != null; c = c.deadlineNext) {
            n++;
        }
        return n;
    }

    private void unlink(Call call) {
        Call previous = call.deadlinePrevious;
        Call next = call.deadlineNext;
        if (previous == null) {
            first = next;
        } else {
            previous.deadlineNext = next;
        }
        if (next == null) {
            last = previous;
        } else {
            next.deadlinePrevious = previous;
        }
        call.deadlinePrevious = null;
        call.deadlineNext = null;
        call.deadlineListed = false;
    }

    /** The timer: fails the calls whose deadline has passed, then sets itself for the first one left. */
    private final class Check implements Runnable {
        @Override
        public void run() {
            List<Call> due = null;
            synchronized (Deadlines.this) {
                armed = false;
                long now = System.nanoTime();
                while (first != null && first.deadlineNanos - now <= 0) {
                    Call call = first;
                    unlink(call);
                    if (due == null) {
                        due = new ArrayList<>();
                    }
                    due.add(call);
                }
                if (first != null && !loop.isShuttingDown()) {
                    loop.schedule(this, first.deadlineNanos - now, TimeUnit.NANOSECONDS);
                    armed = true;
                }
            }
            if (due != null) {
                RuntimeException thrown = null;
                for (Call call : due) {
                    try {
                        call.deadlinePassed();  // outside the lock: a failure runs the call's end hooks and callbacks
                    } catch (RuntimeException e) {
                        // the calls after it have left the line too: each still fails, as with a timer of its own
                        if (thrown == null) {
                            thrown = e;
                        } else {
                            thrown.addSuppressed(e);
                        }
                    }
                }
                if (thrown != null) {
                    throw thrown;  // the event loop logs it, as it did a timer's of its own
                }
            }
        }
    }
}
