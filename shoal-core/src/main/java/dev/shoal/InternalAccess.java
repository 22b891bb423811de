package dev.shoal;

import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;

import java.net.InetSocketAddress;

/** What the engine may make that users may not: installed in {@link Internal} by {@link ShoalException}. */
final class InternalAccess implements Internal.Access {

    @Override
    public ShoalException shoalException(ErrorKind kind, String message, Throwable cause) {
        return new ShoalException(kind, message, cause);
    }

    @Override
    public ShoalException withCallStats(ShoalException e, int attempts, int redirects, long startedAtMillis,
                                        long elapsedNanos, Timings timings, InetSocketAddress remoteAddress) {
        return e.withCallStats(attempts, redirects, startedAtMillis, elapsedNanos, timings, remoteAddress);
    }

    @Override
    public Response response(ResponseBuilder builder) {
        return new Response(builder);
    }
}
