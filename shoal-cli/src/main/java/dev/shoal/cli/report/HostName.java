package dev.shoal.cli.report;

import java.util.Locale;

/**
 * The host (with its port, when the URL names one) of a row's URL. Found by hand rather than with
 * {@link java.net.URI}: it runs once per row, and rows may hold URLs that do not parse (they failed as
 * {@code invalid_url}) which still belong somewhere in the per-host table.
 */
final class HostName {
    static final String NO_HOST = "(no host)";

    private HostName() {
    }

    static String of(String url) {
        if (url == null) {
            return NO_HOST;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return NO_HOST;
        }
        int from = scheme + 3;
        int to = from;
        while (to < url.length() && "/?#".indexOf(url.charAt(to)) < 0) {
            to++;
        }
        int userInfoEnd = url.lastIndexOf('@', to - 1);
        String authority = url.substring(userInfoEnd >= from ? userInfoEnd + 1 : from, to);
        return authority.isEmpty() ? NO_HOST : authority.toLowerCase(Locale.ROOT);
    }
}
