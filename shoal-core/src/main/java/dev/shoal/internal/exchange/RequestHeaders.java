package dev.shoal.internal.exchange;

import dev.shoal.ShoalConfig;
import dev.shoal.internal.Hop;
import dev.shoal.internal.body.ContentDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;

import java.util.function.BiConsumer;

/**
 * The header fields a request goes out with, in either protocol: the caller's, then the defaults for what
 * the caller did not set (User-Agent, Accept, Accept-Encoding naming only what we decode, Content-Length).
 * Names we add are lower case, as HTTP/2 requires. The Host (HTTP/1.1) or :authority (HTTP/2) is the
 * protocol's business. The constant ones are Netty's ASCII strings: the HTTP/1.1 encoder copies those bytes
 * as they are instead of converting characters, once per request.
 */
public final class RequestHeaders {
    private static final AsciiString ANY = AsciiString.cached("*/*");
    private static final AsciiString DECODED_ENCODINGS = AsciiString.cached(ContentDecoder.ACCEPT_ENCODING);

    /** At most this many fields are added to the caller's. */
    public static final int MAX_ADDED = 4;

    private RequestHeaders() {
    }

    public static void forEach(Hop hop, ShoalConfig config, BiConsumer<CharSequence, CharSequence> out) {
        var user = hop.headers();
        for (int i = 0; i < user.size(); i++) {
            if (!user.name(i).equalsIgnoreCase("Content-Length")) {  // the framing is ours: it matches the body sent
                out.accept(user.name(i), user.value(i));
            }
        }
        if (!user.contains("User-Agent")) out.accept(HttpHeaderNames.USER_AGENT, config.userAgent());
        if (!user.contains("Accept")) out.accept(HttpHeaderNames.ACCEPT, ANY);
        if (!user.contains("Accept-Encoding")) out.accept(HttpHeaderNames.ACCEPT_ENCODING, DECODED_ENCODINGS);
        if (hop.body().length > 0 || expectsBody(hop.method())) {
            out.accept(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(hop.body().length));
        }
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
