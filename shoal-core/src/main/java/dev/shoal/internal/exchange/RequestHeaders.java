package dev.shoal.internal.exchange;

import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.body.ContentDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.AsciiString;

import java.util.function.BiConsumer;

/**
 * The header fields a request goes out with, in either protocol: the caller's, then the defaults for what
 * the caller did not set (User-Agent, Accept, Accept-Encoding naming only what we decode, the body's
 * Content-Type, and its framing: Content-Length, or Transfer-Encoding: chunked when the length is unknown).
 * Names we add are lower case, as HTTP/2 requires. The Host (HTTP/1.1) or :authority (HTTP/2) is the
 * protocol's business. The constant ones are Netty's ASCII strings: the HTTP/1.1 encoder copies those bytes
 * as they are instead of converting characters, once per request.
 */
public final class RequestHeaders {
    private static final AsciiString ANY = AsciiString.cached("*/*");
    private static final AsciiString DECODED_ENCODINGS = AsciiString.cached(ContentDecoder.ACCEPT_ENCODING);

    /** At most this many fields are added to the caller's. */
    public static final int MAX_ADDED = 5;

    private RequestHeaders() {
    }

    /**
     * @param length the body's length for this attempt, -1 when unknown: then (or when the caller asked for
     *               {@code Transfer-Encoding: chunked}) the body goes chunked, without Content-Length
     */
    public static void forEach(Hop hop, ShoalConfig config, long length, BiConsumer<CharSequence, CharSequence> out) {
        var user = hop.headers();
        for (int i = 0; i < user.size(); i++) {
            if (!user.name(i).equalsIgnoreCase("Content-Length")) {  // the framing is ours: it matches the body sent
                out.accept(user.name(i), user.value(i));
            }
        }
        if (!user.contains("User-Agent")) out.accept(HttpHeaderNames.USER_AGENT, config.userAgent());
        if (!user.contains("Accept")) out.accept(HttpHeaderNames.ACCEPT, ANY);
        if (!user.contains("Accept-Encoding")) out.accept(HttpHeaderNames.ACCEPT_ENCODING, DECODED_ENCODINGS);
        String type = hop.body().contentType();
        if (type != null && !user.contains("Content-Type")) out.accept(HttpHeaderNames.CONTENT_TYPE, type);
        if (isChunked(hop)) {
            return;  // Content-Length beside chunked framing would contradict it (RFC 9112 6.3)
        }
        if (length < 0) {
            out.accept(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (length > 0 || expectsBody(hop.method())) {
            out.accept(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
    }

    /** The caller asked for chunked framing ({@code Transfer-Encoding} naming {@code chunked}). */
    public static boolean isChunked(Hop hop) {
        var h = hop.headers();
        for (int i = 0; i < h.size(); i++) {  // no list per request: this runs for every one
            if (h.name(i).equalsIgnoreCase("Transfer-Encoding")
                    && h.value(i).toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
                return true;
            }
        }
        return false;
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
