package dev.shoal.internal.exchange;

import dev.shoal.ShoalConfig;
import dev.shoal.internal.Hop;
import dev.shoal.internal.body.ContentDecoder;

import java.util.function.BiConsumer;

/**
 * The header fields a request goes out with, in either protocol: the caller's, then the defaults for what
 * the caller did not set (User-Agent, Accept, Accept-Encoding naming only what we decode, Content-Length).
 * Names we add are lower case, as HTTP/2 requires. The Host (HTTP/1.1) or :authority (HTTP/2) is the
 * protocol's business.
 */
public final class RequestHeaders {
    private RequestHeaders() {
    }

    public static void forEach(Hop hop, ShoalConfig config, BiConsumer<String, String> out) {
        var user = hop.headers();
        for (int i = 0; i < user.size(); i++) {
            if (!user.name(i).equalsIgnoreCase("Content-Length")) {  // the framing is ours: it matches the body sent
                out.accept(user.name(i), user.value(i));
            }
        }
        if (!user.contains("User-Agent")) out.accept("user-agent", config.userAgent());
        if (!user.contains("Accept")) out.accept("accept", "*/*");
        if (!user.contains("Accept-Encoding")) out.accept("accept-encoding", ContentDecoder.ACCEPT_ENCODING);
        if (hop.body().length > 0 || expectsBody(hop.method())) {
            out.accept("content-length", Integer.toString(hop.body().length));
        }
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
