package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.ShoalException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One request as it goes on the wire: the URL parsed into origin and path, method, headers and body.
 * A redirect makes a new hop; a retry sends the same one again.
 */
public record Hop(String url, Origin origin, String pathAndQuery, String method, Headers headers, byte[] body) {

    /** Parses and checks the caller's request; every problem is an {@code invalid_url}, {@code unsupported_scheme} or {@code invalid_request}. */
    public static Hop of(Request request) {
        Hop hop = at(request.url(), request.method(), request.headers(), request.body());
        Validation.check(hop);
        return hop;
    }

    /** A hop to {@code url}; the URL is parsed here, the rest is taken as given. */
    public static Hop at(String url, String method, Headers headers, byte[] body) {
        URI uri = parse(url);
        return new Hop(url, originOf(uri, url), pathAndQuery(uri), method, headers, body);
    }

    public Hop withTarget(String newUrl, String newMethod, Headers newHeaders, byte[] newBody) {
        return at(newUrl, newMethod, newHeaders, newBody);
    }

    static URI parse(String url) {
        String u = url.trim();
        if (u.isEmpty()) {
            throw new ShoalException(ErrorKind.INVALID_URL, "empty URL");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new ShoalException(ErrorKind.INVALID_URL, "invalid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new ShoalException(ErrorKind.INVALID_URL, "not an absolute URL: " + abbreviate(u));
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            throw new ShoalException(ErrorKind.UNSUPPORTED_SCHEME, "unsupported scheme: " + s);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ShoalException(ErrorKind.INVALID_URL, "URL has no host: " + abbreviate(u));
        }
        return uri;
    }

    private static Origin originOf(URI uri, String url) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            throw new ShoalException(ErrorKind.INVALID_URL, "invalid port in " + abbreviate(url));
        }
        return new Origin(scheme, host, port);
    }

    private static String pathAndQuery(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        return query == null ? path : path + "?" + query;
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
