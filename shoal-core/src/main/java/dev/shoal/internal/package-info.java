/**
 * The engine behind {@link dev.shoal.Shoal}; see {@link dev.shoal.internal.Engine} for how it is assembled.
 *
 * <p>The callbacks that run once per request on the hot path are small named classes rather than
 * capturing lambdas. The launcher runs the C1 compiler only, and on JDK 17 C1 allocates a capturing lambda
 * through a call into the VM ({@code Unsafe.allocateInstance} is not one of its intrinsics), while a
 * {@code new} of a class is a bump of a pointer (the profile's figure: bench/README.md, "Figures behind code
 * choices"). Lambdas that run once per connection or per client stay lambdas.
 */
package dev.shoal.internal;
