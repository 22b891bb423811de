package dev.shoal.internal.url;

/**
 * Recognises, in one pass and without allocating more than the result, the URLs that are already what the
 * standard's parser would make of them (or nearly: an upper-case host letter, a default or zero-led port,
 * an empty path): {@code http[s]://host[:port][/path][?query]} with a host name of ASCII letters, digits,
 * hyphens and dots (no label starting with {@code xn--}, the last starting with a letter) or a dotted-quad
 * IPv4 address without leading zeros, and a path and query of characters that are never percent-encoded,
 * without dot segments. Anything else returns null, for the state machine. {@code UrlParserTest} checks
 * that both agree wherever this answers.
 */
final class CleanUrl {
    private CleanUrl() {
    }

    // Which ASCII characters stand as they are in a path / in a query: letters, digits, and what neither
    // the path nor the special-query percent-encode set holds ('%' is checked apart).
    private static final boolean[] PATH = allowed("-._~!$&'()*+,;=:@/[]|");
    private static final boolean[] QUERY = allowed("-._~!$&()*+,;=:@/?[]|^{}`");

    private static boolean[] allowed(String extra) {
        boolean[] ok = new boolean[0x80];
        for (char c = 'a'; c <= 'z'; c++) ok[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) ok[c] = true;
        for (char c = '0'; c <= '9'; c++) ok[c] = true;
        for (int i = 0; i < extra.length(); i++) ok[extra.charAt(i)] = true;
        return ok;
    }

    static WebUrl parse(String url) {
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
                if (i == labelStart + 3 && (url.charAt(i - 1) == '-') && isXn(url, labelStart)) return null;
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
        if (allDigitsAndDots ? !isCanonicalIpv4(url, hostStart, hostEnd, dots) : !isLetter(url.charAt(labelStart))) {
            return null;
        }
        int port = -1;
        boolean portAsSerialized = true;
        if (i < n && url.charAt(i) == ':') {
            int digitsStart = ++i;
            int value = 0;
            for (; i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9' && i - digitsStart < 5; i++) {
                value = value * 10 + (url.charAt(i) - '0');
            }
            if (i == digitsStart || value > 65535 || (i < n && url.charAt(i) >= '0' && url.charAt(i) <= '9')) {
                return null;
            }
            port = value == (https ? 443 : 80) ? -1 : value;
            portAsSerialized = port >= 0 && (url.charAt(digitsStart) != '0' || i - digitsStart == 1);
        }
        if (i < n && url.charAt(i) != '/' && url.charAt(i) != '?') {
            return null;
        }
        int afterAuthority = i;
        int queryStart = -1;
        int segmentStart = i + 1;
        for (; i < n; i++) {
            char c = url.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            if (queryStart >= 0) {
                if (c == '%' ? !isPercentEscape(url, i) : !QUERY[c]) return null;
            } else if (c == '/' || c == '?') {
                if (i > afterAuthority && isDotSegment(url, segmentStart, i)) return null;
                segmentStart = i + 1;
                if (c == '?') queryStart = i;
            } else if (c == '%') {
                if (!isPercentEscape(url, i) || (url.charAt(i + 1) == '2' && (url.charAt(i + 2) | 0x20) == 'e')) return null;
            } else if (!PATH[c]) {
                return null;
            }
        }
        if (queryStart < 0 && afterAuthority < n && isDotSegment(url, segmentStart, n)) {
            return null;
        }
        boolean asSerialized = !upper && portAsSerialized && afterAuthority < n && url.charAt(afterAuthority) == '/';
        if (asSerialized) {
            return new WebUrl(url, https, hostStart, hostEnd, port, afterAuthority, queryStart, -1);
        }
        StringBuilder href = new StringBuilder(n + 1).append(url, 0, hostStart);
        for (int h = hostStart; h < hostEnd; h++) {
            href.append(Character.toLowerCase(url.charAt(h)));
        }
        if (port >= 0) {
            href.append(':').append(port);
        }
        int pathStart = href.length();
        if (afterAuthority == n || url.charAt(afterAuthority) == '?') {
            href.append('/');
        }
        int shift = href.length() - afterAuthority;
        href.append(url, afterAuthority, n);
        return new WebUrl(href.toString(), https, hostStart, hostEnd, port, pathStart,
                queryStart < 0 ? -1 : queryStart + shift, -1);
    }

    private static boolean isXn(String s, int i) {
        return (s.charAt(i) | 0x20) == 'x' && (s.charAt(i + 1) | 0x20) == 'n';
    }

    /** "." or ".." between {@code from} and {@code to}. */
    private static boolean isDotSegment(String s, int from, int to) {
        int length = to - from;
        return (length == 1 && s.charAt(from) == '.') || (length == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == '.');
    }

    private static boolean isPercentEscape(String s, int i) {
        return i + 2 < s.length() && PercentEncoding.hex(s.charAt(i + 1)) >= 0 && PercentEncoding.hex(s.charAt(i + 2)) >= 0;
    }

    /** Four decimal parts of at most 255 without leading zeros: the IPv4 parser would write them the same. */
    private static boolean isCanonicalIpv4(String s, int from, int to, int dots) {
        if (dots != 3) {
            return false;
        }
        int value = 0;
        int digits = 0;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == '.') {
                if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(i - digits) == '0')) return false;
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
}
