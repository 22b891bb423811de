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
        Hop plain = plain(url, method, headers, body);
        return plain != null ? plain : viaUri(url, method, headers, body);
    }

    static Hop viaUri(String url, String method, Headers headers, byte[] body) {
        URI uri = parse(url);
        return new Hop(url, originOf(uri, url), pathAndQuery(uri), method, headers, body);
    }

    /**
     * The common case without {@link URI} (which took a seventh of the caller thread's CPU in the throughput
     * benchmark): {@code http[s]://host[:port][/path][?query]}
     * with a lower-case scheme, a host name whose last label starts with a letter or a dotted IPv4 address, and a
     * path and query of characters that URI takes as they are. Anything else (user info, IPv6, a fragment, a
     * trailing dot, spaces, non-ASCII) returns null, for URI to parse; so both paths agree wherever this one answers.
     */
    static Hop plain(String url, String method, Headers headers, byte[] body) {
        boolean https = url.startsWith("https://");
        if (!https && !url.startsWith("http://")) {
            return null;
        }
        int n = url.length();
        int hostStart = https ? 8 : 7;
        int i = hostStart;
        int labelStart = i;
        boolean upper = false;
        boolean allDigitsAndDots = true;
        int dots = 0;
        for (; i < n; i++) {
            char c = url.charAt(i);
            if (c == '.') {
                if (i == labelStart || url.charAt(i - 1) == '-') return null;
                dots++;
                labelStart = i + 1;
            } else if (c == '-') {
                if (i == labelStart) return null;
                allDigitsAndDots = false;
            } else if (c >= '0' && c <= '9') {
                // a digit is fine anywhere
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                upper |= c <= 'Z';
                allDigitsAndDots = false;
            } else {
                break;
            }
        }
        int hostEnd = i;
        if (hostEnd == labelStart || url.charAt(hostEnd - 1) == '-') {
            return null; // empty host, empty last label (a trailing dot) or a label ending in '-'
        }
        if (allDigitsAndDots ? !isIpv4(url, hostStart, hostEnd, dots) : !isLetter(url.charAt(labelStart))) {
            return null;
        }
        int port = https ? 443 : 80;
        if (i < n && url.charAt(i) == ':') {
            int digits = 0;
            port = 0;
            for (i++; i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9' && digits < 6; i++, digits++) {
                port = port * 10 + (url.charAt(i) - '0');
            }
            if (digits == 0 || digits > 5 || port < 1 || port > 65535) {
                return null;
            }
        }
        if (i < n && url.charAt(i) != '/' && url.charAt(i) != '?') {
            return null;
        }
        for (int j = i; j < n; j++) {
            char c = url.charAt(j);
            if (c == '%') {
                if (j + 2 >= n || !isHex(url.charAt(j + 1)) || !isHex(url.charAt(j + 2))) return null;
            } else if (!isLetter(c) && (c < '0' || c > '9') && PATH_OR_QUERY.indexOf(c) < 0) {
                return null;
            }
        }
        String host = url.substring(hostStart, hostEnd);
        String pathAndQuery = i == n ? "/" : url.charAt(i) == '?' ? "/" + url.substring(i) : url.substring(i);
        return new Hop(url, new Origin(https ? "https" : "http", upper ? host.toLowerCase(Locale.ROOT) : host, port),
                pathAndQuery, method, headers, body);
    }

    /** Characters besides ASCII letters and digits that URI takes unescaped in a path or a query. */
    private static final String PATH_OR_QUERY = "-._~!$&'()*+,;=:@/?";

    private static boolean isIpv4(String s, int from, int to, int dots) {
        if (dots != 3) {
            return false;
        }
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                if (digits == 0 || digits > 3 || value > 255) return false;
                value = 0;
                digits = 0;
            } else {
                value = value * 10 + (s.charAt(i) - '0');
                digits++;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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
