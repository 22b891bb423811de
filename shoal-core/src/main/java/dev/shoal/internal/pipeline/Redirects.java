package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.RequestBody;
import dev.shoal.ShoalException;
import dev.shoal.Urls;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.upload.RequestBodies;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.url.UrlException;
import dev.shoal.internal.url.UrlParser;
import dev.shoal.internal.url.WebUrl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Where a redirect leads, as a pure function: the target resolved against the current URL, only http and
 * https; 301/302 turn POST into GET and 303 turns anything but HEAD into GET (dropping the body), 307/308
 * keep method and body (a one-shot body cannot go again: that redirect fails); credentials and cookies never follow to another origin.
 */
public final class Redirects {
    private static final String[] CREDENTIALS = {"Authorization", "Cookie", "Proxy-Authorization"};
    private static final String[] BODY_HEADERS = {"Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding"};

    private Redirects() {
    }

    /** The hop that answers a {@code status} redirect to {@code location} from {@code from}. */
    public static Hop next(Hop from, int status, String location) {
        WebUrl target = resolve(from.url(), location);
        String method = from.method();
        RequestBody body = from.body();
        Headers headers = from.headers();
        boolean toGet = (status == 303 && !method.equals("HEAD"))
                || ((status == 301 || status == 302) && method.equals("POST"));
        if (toGet) {
            method = "GET";
            body = RequestBody.empty();
            for (String h : BODY_HEADERS) headers = headers.without(h);
        } else if (!body.isEmpty() && !RequestBodies.canSendAgain(body)) {
            throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "cannot follow the " + status + " redirect to "
                    + Urls.withoutCredentials(target.href()) + ", which needs the body again: " + RequestBodies.ONE_SHOT
                    + " (send a replayable body: bytes, a file or an input stream supplier)");
        }
        Hop next = Hop.at(target, method, headers, body);
        if (!next.origin().equals(from.origin())) {
            Headers kept = next.headers();
            for (String h : CREDENTIALS) kept = kept.without(h);
            next = new Hop(next.url(), next.origin(), next.pathAndQuery(), method, kept, body);
        }
        return next;
    }

    /**
     * {@code location} resolved against {@code base} by the WHATWG URL Standard, as browsers follow it
     * (raw spaces and non-ASCII percent-encoded, backslashes as slashes, dot segments removed); the base's
     * fragment carries over when the Location has none (RFC 9110 10.2.2). Credentials in a Location are
     * neither sent nor shown: only the caller's own travel, as a header, and only to the same origin.
     */
    static WebUrl resolve(String base, String location) {
        if (location.trim().isEmpty()) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "redirect with an empty Location");
        }
        WebUrl from = Hop.parse(base);
        WebUrl target;
        try {
            target = UrlParser.parse(asWritten(location), from);
        } catch (UrlException e) {
            throw Hop.asShoalException(e, "invalid redirect target: ");
        }
        if (target.fragment() == null && from.fragment() != null) {
            target = target.withFragment(from.fragment());
        }
        return target;
    }

    /**
     * The Location as the server wrote it: the response decoders read a field's bytes as ISO-8859-1, one char
     * each, but a server writes a non-ASCII target in UTF-8 (browsers read it so, as does Python's requests);
     * read as ISO-8859-1 it would be sent percent-encoded twice, to another path. Bytes that are not valid UTF-8
     * are kept as they were read.
     */
    private static String asWritten(String location) {
        boolean ascii = true;
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            if (c > 0xff) {
                return location;  // not one char per byte: not as a decoder read it
            }
            ascii &= c < 0x80;
        }
        if (ascii) {
            return location;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(location.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return location;
        }
    }
}
