package dev.shoal.internal.url;

import java.util.Base64;

/**
 * An http or https URL as the WHATWG URL Standard serializes it: the {@link #href()} string and where each
 * component sits in it (as rust-url and Ada keep URLs), so that reading a component costs a substring and
 * nothing is parsed twice. Immutable; made by {@link UrlParser}. {@link #toString()} leaves out the
 * credentials, so a URL can be logged or put in a message.
 */
public final class WebUrl {
    private final String href;
    private final boolean https;
    private final int hostStart;
    private final int hostEnd;
    private final int port;
    private final int pathStart;
    private final int queryStart;
    private final int fragmentStart;

    /**
     * @param port          the port written in the URL, -1 when none or the scheme's default
     * @param queryStart    index of '?', or -1
     * @param fragmentStart index of '#', or -1
     */
    WebUrl(String href, boolean https, int hostStart, int hostEnd, int port, int pathStart, int queryStart,
           int fragmentStart) {
        this.href = href;
        this.https = https;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.port = port;
        this.pathStart = pathStart;
        this.queryStart = queryStart;
        this.fragmentStart = fragmentStart;
    }

    /** The whole URL, credentials included: never for rows, messages or logs. */
    public String href() {
        return href;
    }

    public String scheme() {
        return https ? "https" : "http";
    }

    public boolean isHttps() {
        return https;
    }

    private int userinfoStart() {
        return https ? 8 : 7;
    }

    /** True when the URL has a user name or a password. */
    public boolean hasCredentials() {
        return hostStart > userinfoStart();
    }

    /** The user name as written in the URL (percent-encoded), or "". */
    public String username() {
        if (!hasCredentials()) return "";
        int colon = href.indexOf(':', userinfoStart());
        int end = colon >= 0 && colon < hostStart - 1 ? colon : hostStart - 1;
        return href.substring(userinfoStart(), end);
    }

    /** The password as written in the URL (percent-encoded), or "". */
    public String password() {
        if (!hasCredentials()) return "";
        int colon = href.indexOf(':', userinfoStart());
        return colon >= 0 && colon < hostStart - 1 ? href.substring(colon + 1, hostStart - 1) : "";
    }

    /**
     * The {@code Authorization} value for the URL's credentials, as curl sends them: {@code Basic} of the
     * percent-decoded user name and password joined by ':', in UTF-8; null when the URL has none.
     */
    public String basicAuthorization() {
        if (!hasCredentials()) return null;
        byte[] user = PercentEncoding.decode(username());
        byte[] password = PercentEncoding.decode(password());
        byte[] pair = new byte[user.length + 1 + password.length];
        System.arraycopy(user, 0, pair, 0, user.length);
        pair[user.length] = ':';
        System.arraycopy(password, 0, pair, user.length + 1, password.length);
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    /** The host as serialized: a lower-case ASCII domain, dotted IPv4, or IPv6 in brackets. */
    public String host() {
        return href.substring(hostStart, hostEnd);
    }

    /** The host to connect to and to name in SNI: {@link #host()} without the brackets of an IPv6 address. */
    public String hostName() {
        return href.charAt(hostStart) == '[' ? href.substring(hostStart + 1, hostEnd - 1) : host();
    }

    /** The port written in the URL; -1 when none was, or it was the scheme's default (the standard drops it). */
    public int port() {
        return port;
    }

    /** The port to connect to. */
    public int effectivePort() {
        return port >= 0 ? port : https ? 443 : 80;
    }

    /** The path, percent-encoded, always starting with '/'. */
    public String path() {
        return href.substring(pathStart, queryStart >= 0 ? queryStart : fragmentStart >= 0 ? fragmentStart : href.length());
    }

    /** The query without its '?', or null when the URL has none ("" for a bare '?'). */
    public String query() {
        return queryStart < 0 ? null : href.substring(queryStart + 1, fragmentStart >= 0 ? fragmentStart : href.length());
    }

    /** The fragment without its '#', or null. */
    public String fragment() {
        return fragmentStart < 0 ? null : href.substring(fragmentStart + 1);
    }

    /** What an HTTP request names: path and query, never the fragment. */
    public String requestTarget() {
        return fragmentStart < 0 ? (pathStart == 0 ? href : href.substring(pathStart)) : href.substring(pathStart, fragmentStart);
    }

    /** This URL without user name and password: what rows, messages and redirects see. */
    public WebUrl withoutCredentials() {
        if (!hasCredentials()) return this;
        int cut = hostStart - userinfoStart();
        return new WebUrl(href.substring(0, userinfoStart()) + href.substring(hostStart), https, hostStart - cut,
                hostEnd - cut, port, pathStart - cut, shift(queryStart, cut), shift(fragmentStart, cut));
    }

    /** This URL with {@code fragment} (without '#') in place of its own. */
    public WebUrl withFragment(String fragment) {
        String base = fragmentStart < 0 ? href : href.substring(0, fragmentStart);
        return new WebUrl(base + "#" + fragment, https, hostStart, hostEnd, port, pathStart, queryStart, base.length());
    }

    private static int shift(int index, int by) {
        return index < 0 ? index : index - by;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebUrl other && href.equals(other.href);
    }

    @Override
    public int hashCode() {
        return href.hashCode();
    }

    /** The URL without credentials. */
    @Override
    public String toString() {
        return withoutCredentials().href;
    }
}
