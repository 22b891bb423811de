package dev.shoal.flink;

import dev.shoal.Shoal;

import java.io.Serializable;

/**
 * How each parallel task's client is built, written against {@link Shoal.Builder} itself so that every
 * client setting is available and none is copied: {@code b -> b.maxInFlight(64).maxPerHost(8)}. Serializable,
 * because Flink ships it to the task managers; a lambda should build its values inside (a {@code RetryPolicy},
 * a proxy) rather than capture them.
 */
@FunctionalInterface
public interface ShoalSettings extends Serializable {

    Shoal.Builder applyTo(Shoal.Builder builder);
}
