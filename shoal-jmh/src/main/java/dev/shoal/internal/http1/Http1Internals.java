package dev.shoal.internal.http1;

import dev.shoal.Headers;
import dev.shoal.internal.Hop;
import dev.shoal.internal.upload.Upload;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The two private steps of {@link Http1Exchange} that the benchmarks time on their own: building the
 * request, and copying the response's header fields. Called through method handles so that what is timed is
 * the engine's code, not a copy of it; a renamed method fails the benchmark at once instead of timing
 * something stale. Static final handles: the JIT inlines them as it would a direct call.
 */
final class Http1Internals {
    private static final MethodHandle ENCODE;
    private static final MethodHandle COPY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Http1Exchange.class, MethodHandles.lookup());
            ENCODE = lookup.findVirtual(Http1Exchange.class, "encode",
                    MethodType.methodType(DefaultFullHttpRequest.class, Upload.class));
            COPY = lookup.findStatic(Http1Exchange.class, "copy", MethodType.methodType(Headers.class, HttpHeaders.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Http1Internals() {
    }

    /** {@code Http1Exchange.encode(Upload)}: the Netty request for the exchange's hop, its body opened as per request. */
    static DefaultFullHttpRequest encode(Http1Exchange exchange, Hop hop) {
        try {
            return (DefaultFullHttpRequest) ENCODE.invokeExact(exchange, Upload.open(hop.body()));
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code Http1Exchange.copy(HttpHeaders)}: the response's fields as our immutable {@link Headers}. */
    static Headers copy(HttpHeaders headers) {
        try {
            return (Headers) COPY.invokeExact(headers);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
