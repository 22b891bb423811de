/**
 * One request on its way through the engine: the {@link dev.shoal.internal.call.Call} (result, deadline,
 * counters, timings), the {@link dev.shoal.internal.call.Hop} it is at (method, URL, headers, body) and the
 * {@link dev.shoal.internal.call.Events} told to the user's listener. The pipeline, the pool and the exchanges
 * all pass these along; this package sees none of them (docs/packages.md draws the layers).
 */
package dev.shoal.internal.call;
