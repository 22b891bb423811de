/**
 * The protocols the engine speaks, handed to the pool ({@link dev.shoal.internal.pool.Protocols}): the pool
 * agrees on one per connection and this package makes the connection that speaks it. It sits above
 * {@code pool}, {@code http1} and {@code http2}, so the pool never reaches up to them (docs/packages.md).
 */
package dev.shoal.internal.protocol;
