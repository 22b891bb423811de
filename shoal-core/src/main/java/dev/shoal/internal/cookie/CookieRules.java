package dev.shoal.internal.cookie;

import io.netty.util.NetUtil;

/** RFC 6265's matching rules (section 5.1) as pure functions. Hosts and domains are lower case. */
final class CookieRules {
    private CookieRules() {
    }

    /** 5.1.3: the domain itself, or a name under it (never for an IP address). */
    static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith(domain) && host.length() > domain.length()
                && host.charAt(host.length() - domain.length() - 1) == '.' && !isIpAddress(host);
    }

    /** 5.1.4: the same path, or one below it at a "/" boundary. */
    static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** 5.1.4: the directory of the request path, for a cookie set without a Path. */
    static String defaultPath(String requestPath) {
        if (requestPath.isEmpty() || requestPath.charAt(0) != '/') {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last == 0 ? "/" : requestPath.substring(0, last);
    }

    /**
     * A domain cookies must not be set for, without a public suffix list: a single label ({@code com},
     * {@code localhost}). A real list would also catch {@code co.uk}; this one errs on the side of letting
     * a two-label suffix through, as curl without libpsl does.
     */
    static boolean isTopLevel(String domain) {
        return domain.indexOf('.') < 0 && !isIpAddress(domain);
    }

    static boolean isIpAddress(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /** Names and values must not carry control characters into a later request's Cookie header. */
    static boolean isSafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ';') {
                return false;
            }
        }
        return true;
    }
}
