package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.ShoalException;
import dev.shoal.internal.Hop;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a redirect leads, as a pure function: the target resolved against the current URL, only http and
 * https; 301/302 turn POST into GET and 303 turns anything but HEAD into GET (dropping the body), 307/308
 * keep method and body; credentials and cookies never follow to another origin.
 */
public final class Redirects {
    private static final byte[] NO_BODY = new byte[0];
    private static final String[] CREDENTIALS = {"Authorization", "Cookie", "Proxy-Authorization"};
    private static final String[] BODY_HEADERS = {"Content-Type", "Content-Length", "Content-Encoding", "Transfer-Encoding"};

    private Redirects() {
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The hop that answers a {@code status} redirect to {@code location} from {@code from}. */
    public static Hop next(Hop from, int status, String location) {
        String target = resolve(from.url(), location);
        String method = from.method();
        byte[] body = from.body();
        Headers headers = from.headers();
        boolean toGet = (status == 303 && !method.equals("HEAD"))
                || ((status == 301 || status == 302) && method.equals("POST"));
        if (toGet) {
            method = "GET";
            body = NO_BODY;
            for (String h : BODY_HEADERS) headers = headers.without(h);
        }
        Hop next = Hop.at(target, method, headers, body);
        if (!next.origin().equals(from.origin())) {
            Headers kept = next.headers();
            for (String h : CREDENTIALS) kept = kept.without(h);
            next = new Hop(next.url(), next.origin(), next.pathAndQuery(), method, kept, body);
        }
        return next;
    }

    static String resolve(String base, String location) {
        String loc = location.trim();
        if (loc.isEmpty()) {
            throw new ShoalException(ErrorKind.PROTOCOL, "redirect with an empty Location");
        }
        try {
            URI target = new URI(base).resolve(new URI(encodeUnsafe(loc)));
            return target.toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ShoalException(ErrorKind.INVALID_URL, "invalid redirect target: " + loc);
        }
    }

    /** Servers send raw spaces and non-ASCII in Location; browsers percent-encode them, and so do we. */
    private static String encodeUnsafe(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c > 0x7e || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                    || c == '{' || c == '|' || c == '}') {
                if (sb == null) sb = new StringBuilder(s.substring(0, i));
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
