package dev.shoal.internal.http1;

import dev.shoal.Headers;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.upload.Upload;
import dev.shoal.internal.exchange.HeaderStrings;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The two steps of {@link Http1Exchange} that the benchmarks time on their own: building the request (a
 * private method, called through a method handle so that what is timed is the engine's code, not a copy of it;
 * a renamed method fails the benchmark at once instead of timing something stale), and copying the response's
 * header fields (a {@link HeaderStrings}, as a connection has). Static final handles: the JIT inlines them as it would a direct call.
 */
final class Http1Internals {
    private static final MethodHandle ENCODE;
    /** As a connection's: the copies after the first share the repeated Strings (the benchmarks run one thread). */
    private static final HeaderStrings HEADER_STRINGS = new HeaderStrings();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Http1Exchange.class, MethodHandles.lookup());
            ENCODE = lookup.findVirtual(Http1Exchange.class, "encode",
                    MethodType.methodType(DefaultFullHttpRequest.class, Upload.class));
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

    /** What {@code Http1Exchange} does with a response head: its fields as our immutable {@link Headers}. */
    static Headers copy(HttpHeaders headers) {
        return HEADER_STRINGS.copy(headers.iteratorCharSequence(), headers.size());
    }
}
