package dev.shoal.internal.url;

/**
 * The WHATWG URL Standard's basic URL parser (https://url.spec.whatwg.org/#concept-basic-url-parser) for the
 * schemes Shoal fetches, http and https: what browsers do with a URL, so that a link scraped from a page
 * reaches the resource a browser would reach. Tabs and newlines are removed, leading and trailing controls
 * and spaces trimmed, a backslash is a slash, characters the standard encodes are percent-encoded as UTF-8,
 * dot segments are removed, hosts go through IDNA and the IPv4 and IPv6 parsers, a default port is dropped.
 *
 * <p>Any other scheme is refused ({@link UrlException#isUnsupportedScheme()}); without a base, a relative
 * reference is refused too. Most input is already in its serialized form: {@link CleanUrl} recognises
 * that without running the state machine.
 */
public final class UrlParser {
    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, SPECIAL_AUTHORITY_SLASHES,
        SPECIAL_AUTHORITY_IGNORE_SLASHES, RELATIVE, RELATIVE_SLASH, AUTHORITY, HOST, PORT, PATH_START, PATH,
        QUERY, FRAGMENT
    }

    private static final int EOF = -1;

    private final int[] in;
    private final WebUrl base;

    private boolean https;
    private StringBuilder username;  // null until the URL turns out to have credentials
    private StringBuilder password;
    private String host;
    private int port = -1;
    /** The path's segments, each after a '/' ("" for no segment): the standard's list, serialized as it grows. */
    private final StringBuilder path = new StringBuilder();
    private StringBuilder query;
    private StringBuilder fragment;

    private UrlParser(String input, WebUrl base) {
        this.in = preprocess(input);
        this.base = base;
    }

    /** An absolute http or https URL. */
    public static WebUrl parse(String input) {
        WebUrl clean = CleanUrl.parse(input);
        return clean != null ? clean : new UrlParser(input, null).run();
    }

    /** {@code input} resolved against {@code base}, as a redirect's Location is. */
    public static WebUrl parse(String input, WebUrl base) {
        return new UrlParser(input, base).run();
    }

    /** The state machine without the clean-URL shortcut (for tests and benchmarks). */
    static WebUrl parseFully(String input) {
        return new UrlParser(input, null).run();
    }

    /**
     * Code points with leading and trailing C0 controls and spaces trimmed and tabs and newlines removed; a
     * lone surrogate becomes U+FFFD, as the reference implementation's conversion to a USVString does.
     */
    private static int[] preprocess(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= 0x20) start++;
        while (end > start && s.charAt(end - 1) <= 0x20) end--;
        int[] out = new int[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                out[n++] = Character.toCodePoint(c, s.charAt(++i));
            } else {
                out[n++] = Character.isSurrogate(c) ? 0xfffd : c;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private int at(int p) {
        return p >= 0 && p < in.length ? in[p] : EOF;
    }

    private WebUrl run() {
        State state = State.SCHEME_START;
        StringBuilder buffer = new StringBuilder();
        int bufferStart = 0;  // the authority and host states take their buffer as a range of the input
        boolean atSignSeen = false;
        boolean insideBrackets = false;
        boolean passwordTokenSeen = false;
        int n = in.length;
        for (int p = 0; ; p++) {
            int c = at(p);
            switch (state) {
                case SCHEME_START -> {
                    if (isAsciiAlpha(c)) {
                        buffer.append((char) Character.toLowerCase(c));
                        state = State.SCHEME;
                    } else {
                        state = State.NO_SCHEME;
                        p--;
                    }
                }
                case SCHEME -> {
                    if (isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                        buffer.append((char) Character.toLowerCase(c));
                    } else if (c == ':') {
                        String scheme = buffer.toString();
                        if (!scheme.equals("http") && !scheme.equals("https")) {
                            // "user:pw@host" parses as scheme "user": then the scheme is not named in the message
                            throw UrlException.unsupportedScheme(scheme.length() > 32 || hasAtSignBeforePath(p + 1) ? null : scheme);
                        }
                        https = scheme.equals("https");
                        buffer.setLength(0);
                        state = base != null && base.isHttps() == https
                                ? State.SPECIAL_RELATIVE_OR_AUTHORITY : State.SPECIAL_AUTHORITY_SLASHES;
                    } else {
                        buffer.setLength(0);
                        state = State.NO_SCHEME;
                        p = -1;
                    }
                }
                case NO_SCHEME -> {
                    if (base == null) {
                        throw new UrlException("not an absolute URL");
                    }
                    state = State.RELATIVE;
                    p--;
                }
                case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                    if (c == '/' && at(p + 1) == '/') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        p++;
                    } else {
                        state = State.RELATIVE;
                        p--;
                    }
                }
                case SPECIAL_AUTHORITY_SLASHES -> {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    if (c == '/' && at(p + 1) == '/') {
                        p++;
                    } else {
                        p--;
                    }
                }
                case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                    if (c != '/' && c != '\\') {
                        state = State.AUTHORITY;
                        bufferStart = p;
                        p--;
                    }
                }
                case RELATIVE -> {
                    https = base.isHttps();
                    if (c == '/' || c == '\\') {
                        state = State.RELATIVE_SLASH;
                    } else {
                        copyAuthorityFromBase();
                        path.append(base.path());
                        query = base.query() == null ? null : new StringBuilder(base.query());
                        if (c == '?') {
                            query = new StringBuilder();
                            state = State.QUERY;
                        } else if (c == '#') {
                            fragment = new StringBuilder();
                            state = State.FRAGMENT;
                        } else if (c != EOF) {
                            query = null;
                            shortenPath();
                            state = State.PATH;
                            p--;
                        }
                    }
                }
                case RELATIVE_SLASH -> {
                    if (c == '/' || c == '\\') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    } else {
                        copyAuthorityFromBase();
                        state = State.PATH;
                        p--;
                    }
                }
                case AUTHORITY -> {
                    if (c == '@') {
                        if (username == null) {
                            username = new StringBuilder();
                            password = new StringBuilder();
                        }
                        if (atSignSeen) {
                            (passwordTokenSeen ? password : username).append("%40");
                        }
                        atSignSeen = true;
                        for (int i = bufferStart; i < p; i++) {
                            if (in[i] == ':' && !passwordTokenSeen) {
                                passwordTokenSeen = true;
                                continue;
                            }
                            PercentEncoding.append(passwordTokenSeen ? password : username, in[i], PercentEncoding.Set.USERINFO);
                        }
                        bufferStart = p + 1;
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
                        if (atSignSeen && bufferStart == p) {
                            throw new UrlException("credentials without a host");
                        }
                        p = bufferStart - 1;
                        state = State.HOST;
                    }
                }
                case HOST -> {
                    if (c == ':' && !insideBrackets) {
                        if (bufferStart == p) {
                            throw new UrlException("no host");
                        }
                        host = HostParser.parse(new String(in, bufferStart, p - bufferStart));
                        bufferStart = p + 1;
                        state = State.PORT;
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
                        if (bufferStart == p) {
                            throw new UrlException("no host");
                        }
                        host = HostParser.parse(new String(in, bufferStart, p - bufferStart));
                        state = State.PATH_START;
                        p--;
                    } else if (c == '[') {
                        insideBrackets = true;
                    } else if (c == ']') {
                        insideBrackets = false;
                    }
                }
                case PORT -> {
                    if (c >= '0' && c <= '9') {
                        // taken as a range of the input when the port ends
                    } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
                        if (bufferStart < p) {
                            long value = 0;
                            for (int i = bufferStart; i < p; i++) {
                                value = Math.min(value * 10 + (in[i] - '0'), 1 << 20);
                            }
                            if (value > 65535) {
                                throw new UrlException("port out of range");
                            }
                            port = value == (https ? 443 : 80) ? -1 : (int) value;
                        }
                        state = State.PATH_START;
                        p--;
                    } else {
                        throw new UrlException("invalid port");
                    }
                }
                case PATH_START -> {
                    state = State.PATH;
                    if (c != '/' && c != '\\') {
                        p--;
                    }
                }
                case PATH -> {
                    if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
                        boolean slash = c == '/' || c == '\\';
                        if (isDoubleDot(buffer)) {
                            shortenPath();
                            if (!slash) {
                                path.append('/');
                            }
                        } else if (isSingleDot(buffer)) {
                            if (!slash) {
                                path.append('/');
                            }
                        } else {
                            path.append('/').append(buffer);
                        }
                        buffer.setLength(0);
                        if (c == '?') {
                            query = new StringBuilder();
                            state = State.QUERY;
                        } else if (c == '#') {
                            fragment = new StringBuilder();
                            state = State.FRAGMENT;
                        }
                    } else {
                        PercentEncoding.append(buffer, c, PercentEncoding.Set.PATH);
                    }
                }
                case QUERY -> {
                    if (c == '#') {
                        fragment = new StringBuilder();
                        state = State.FRAGMENT;
                    } else if (c != EOF) {
                        PercentEncoding.append(query, c, PercentEncoding.Set.SPECIAL_QUERY);
                    }
                }
                case FRAGMENT -> {
                    if (c != EOF) {
                        PercentEncoding.append(fragment, c, PercentEncoding.Set.FRAGMENT);
                    }
                }
            }
            if (p >= n) {
                break;
            }
        }
        if (host == null) {
            throw new UrlException("no host");  // not reached for http and https: the states above refuse it first
        }
        return serialize();
    }

    private boolean hasAtSignBeforePath(int from) {
        for (int i = from; i < in.length && in[i] != '?' && in[i] != '#'; i++) {
            if (in[i] == '@') return true;
            if (in[i] == '/' && i > from + 1) return false;
        }
        return false;
    }

    private void copyAuthorityFromBase() {
        if (base.hasCredentials()) {
            username = new StringBuilder(base.username());
            password = new StringBuilder(base.password());
        }
        host = base.host();
        port = base.port();
    }

    private void shortenPath() {
        path.setLength(Math.max(0, path.lastIndexOf("/")));
    }

    private static boolean isSingleDot(CharSequence s) {
        return (s.length() == 1 && s.charAt(0) == '.') || (s.length() == 3 && isPercent2e(s, 0));
    }

    private static boolean isDoubleDot(CharSequence s) {
        return switch (s.length()) {
            case 2 -> s.charAt(0) == '.' && s.charAt(1) == '.';
            case 4 -> (s.charAt(0) == '.' && isPercent2e(s, 1)) || (isPercent2e(s, 0) && s.charAt(3) == '.');
            case 6 -> isPercent2e(s, 0) && isPercent2e(s, 3);
            default -> false;
        };
    }

    private static boolean isPercent2e(CharSequence s, int i) {
        return s.charAt(i) == '%' && s.charAt(i + 1) == '2' && (s.charAt(i + 2) == 'e' || s.charAt(i + 2) == 'E');
    }

    private static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private WebUrl serialize() {
        StringBuilder href = new StringBuilder(64);
        href.append(https ? "https://" : "http://");
        if (username != null && (username.length() > 0 || password.length() > 0)) {
            href.append(username);
            if (password.length() > 0) {
                href.append(':').append(password);
            }
            href.append('@');
        }
        int hostStart = href.length();
        href.append(host);
        int hostEnd = href.length();
        if (port >= 0) {
            href.append(':').append(port);
        }
        int pathStart = href.length();
        href.append(path.length() == 0 ? "/" : path);
        int queryStart = -1;
        if (query != null) {
            queryStart = href.length();
            href.append('?').append(query);
        }
        int fragmentStart = -1;
        if (fragment != null) {
            fragmentStart = href.length();
            href.append('#').append(fragment);
        }
        return new WebUrl(href.toString(), https, hostStart, hostEnd, port, pathStart, queryStart, fragmentStart);
    }
}
