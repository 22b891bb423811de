/**
 * The engine's lowest layer, shared by every package above it: the way to make the public types users may not
 * ({@link dev.shoal.internal.base.Internal}, {@link dev.shoal.internal.base.ResponseBuilder}), failures and how
 * they map to error kinds ({@link dev.shoal.internal.base.Errors}, {@link dev.shoal.internal.base.Outcomes}), and
 * the {@link dev.shoal.internal.base.Origin} that keys pools and limits. It depends on {@code dev.shoal} only;
 * docs/packages.md draws the layers.
 */
package dev.shoal.internal.base;
