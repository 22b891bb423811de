package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;

import java.io.Serializable;
import java.time.Duration;

/**
 * The client each parallel task opens, and the Async I/O settings that line up with it.
 *
 * <p>Everything holds per task: a task is one Shoal client, so its {@code maxInFlight}, {@code maxPerHost}
 * and {@code ratePerHost} bound that task alone, and the job's totals are these times the parallelism.
 *
 * <ul>
 *   <li>{@link #capacity()}: Flink's capacity, the elements a task has in flight, is the client's
 *       {@code maxInFlight}, so no element waits for a global permit inside Shoal while Flink counts it.</li>
 *   <li>{@link #asyncTimeout()}: Flink's timeout is only a backstop. Shoal's deadline fires first and gives a
 *       typed {@code timeout} row with what the request did; Flink's clock, however, starts when the element
 *       enters the task, before it waits for a per-host permit or a rate token, so the backstop allows for
 *       that wait as well.</li>
 * </ul>
 * Each task's client defaults to one I/O thread: Flink scales out by parallelism, and one event loop
 * serves thousands of connections.
 */
public final class ShoalFlinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Slack so that Shoal's own deadline wins when both timers would fire together. */
    private static final Duration BACKSTOP_SLACK = Duration.ofSeconds(1);

    private final ShoalSettings settings;
    private final boolean hashBodies;

    private ShoalFlinkConfig(ShoalSettings settings, boolean hashBodies) {
        this.settings = settings;
        this.hashBodies = hashBodies;
        client(); // fail when the job is built, not on the task managers
    }

    /** A task's client as {@code settings} builds it, starting from Shoal's defaults and one I/O thread. */
    public static ShoalFlinkConfig of(ShoalSettings settings) {
        return new ShoalFlinkConfig(settings, false);
    }

    /** The same, also hashing each body (the row then has {@code sha256}). */
    public ShoalFlinkConfig hashingBodies() {
        return new ShoalFlinkConfig(settings, true);
    }

    /** The settings of each task's client. */
    public ShoalConfig client() {
        return builder().config();
    }

    /** Opens one task's client. */
    public Shoal newClient() {
        return builder().build();
    }

    /** Where response bodies go: counted only, or hashed. */
    public BodySink bodySink() {
        return hashBodies ? BodySink.sha256() : BodySink.discard();
    }

    /** The capacity to give Flink's Async I/O: the client's {@code maxInFlight}. */
    public int capacity() {
        return client().maxInFlight();
    }

    /**
     * The timeout to give Flink's Async I/O, a backstop behind Shoal's deadline: the longest an element may
     * rightly take in one task. Its request may wait for its host behind all the others the task holds,
     * {@code ceil(capacity / maxPerHost)} rounds of at most one deadline each, plus {@code capacity / ratePerHost}
     * seconds for rate tokens, and one second of slack. Zero (no timeout) when the deadline is zero.
     */
    public Duration asyncTimeout() {
        ShoalConfig c = client();
        if (c.deadline().isZero()) {
            return Duration.ZERO;
        }
        int rounds = (c.maxInFlight() + c.maxPerHost() - 1) / c.maxPerHost();
        Duration rateWait = c.ratePerHost() > 0
                ? Duration.ofMillis((long) Math.ceil(1000.0 * c.maxInFlight() / c.ratePerHost()))
                : Duration.ZERO;
        return c.deadline().multipliedBy(rounds).plus(rateWait).plus(BACKSTOP_SLACK);
    }

    private Shoal.Builder builder() {
        return settings.applyTo(Shoal.builder().ioThreads(1));
    }

    @Override
    public String toString() {
        return "ShoalFlinkConfig{" + client() + ", hashBodies=" + hashBodies + "}";
    }
}
