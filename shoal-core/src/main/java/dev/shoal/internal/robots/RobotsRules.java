package dev.shoal.internal.robots;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of one robots.txt for one user agent, by RFC 9309: the groups naming the agent's product token
 * (case-insensitively), else those for {@code *}; the longest matching rule decides, {@code allow} winning a
 * tie; {@code *} matches any run of characters and a final {@code $} the end of the path; paths compared
 * with percent-encoding normalized; {@code /robots.txt} always allowed. {@code Crawl-delay} (not in the RFC,
 * widely sent) is kept as the group's first one gives it, in seconds (fractions too; a negative or unreadable
 * one is ignored). Pure: text in, decisions out.
 */
public final class RobotsRules {
    /** RFC 9309 2.5: a parser must read at least 500 KiB; what follows is ignored. */
    static final int MAX_BYTES = 500 * 1024;

    /** Everything allowed: robots.txt absent or "unavailable" (4xx). */
    public static final RobotsRules ALLOW_ALL = new RobotsRules(List.of(), -1, "no robots.txt", false);

    /** Nothing allowed: robots.txt "unreachable" (5xx, network), which RFC 9309 2.3.1.4 reads as complete disallow. */
    public static RobotsRules unreachable(String why) {
        return new RobotsRules(List.of(new Rule(false, "/")), -1, why, true);
    }

    private record Rule(boolean allow, String path) {
    }

    private final List<Rule> rules;
    private final long crawlDelayMillis;
    private final String source;
    private final boolean unreachable;

    private RobotsRules(List<Rule> rules, long crawlDelayMillis, String source, boolean unreachable) {
        this.rules = rules;
        this.crawlDelayMillis = crawlDelayMillis;
        this.source = source;
        this.unreachable = unreachable;
    }

    /** Whether these rules stand for a robots.txt that could not be fetched (and is asked again later). */
    public boolean unreachable() {
        return unreachable;
    }

    /** The product token of a User-Agent header: {@code shoal} of {@code shoal/0.1 (+https://...)}. */
    public static String productToken(String userAgent) {
        String ua = userAgent == null ? "" : userAgent.trim();
        int end = 0;
        while (end < ua.length() && (Character.isLetterOrDigit(ua.charAt(end)) || ua.charAt(end) == '-' || ua.charAt(end) == '_')) {
            end++;
        }
        return ua.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The rules of {@code text} for the agent whose product token is {@code token}. */
    public static RobotsRules parse(String text, String token) {
        String agent = token.toLowerCase(Locale.ROOT);
        List<Rule> mine = new ArrayList<>();
        List<Rule> star = new ArrayList<>();
        long myDelay = -1;
        long starDelay = -1;
        boolean matchedMine = false;
        boolean matchedStar = false;
        boolean groupIsMine = false;
        boolean groupIsStar = false;
        boolean inAgents = false;  // reading the user-agent lines that open a group
        String body = text.length() > MAX_BYTES ? text.substring(0, MAX_BYTES) : text;
        for (String raw : body.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("user-agent")) {
                if (!inAgents) {
                    groupIsMine = false;
                    groupIsStar = false;
                    inAgents = true;
                }
                String named = productToken(value);
                if (value.equals("*")) {
                    groupIsStar = true;
                    matchedStar = true;
                } else if (!named.isEmpty() && named.equals(agent)) {
                    groupIsMine = true;
                    matchedMine = true;
                }
                continue;
            }
            inAgents = false;
            if (key.equals("allow") || key.equals("disallow")) {
                if (value.isEmpty()) continue;  // "Disallow:" with no path disallows nothing
                Rule rule = new Rule(key.equals("allow"), normalize(value));
                if (groupIsMine) mine.add(rule);
                if (groupIsStar) star.add(rule);
            } else if (key.equals("crawl-delay")) {
                long ms = delayMillis(value);
                if (groupIsMine && myDelay < 0) myDelay = ms;
                if (groupIsStar && starDelay < 0) starDelay = ms;
            }
        }
        if (matchedMine) return new RobotsRules(List.copyOf(mine), myDelay, "robots.txt group for " + agent, false);
        if (matchedStar) return new RobotsRules(List.copyOf(star), starDelay, "robots.txt group for *", false);
        return new RobotsRules(List.of(), -1, "robots.txt names no group for " + agent, false);
    }

    private static long delayMillis(String value) {
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 ? (long) (Math.min(seconds, 1e6) * 1000) : -1;  // a huge delay is slow, not none
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether {@code pathAndQuery} (as sent: path and query, percent-encoded) may be fetched. */
    public boolean allows(String pathAndQuery) {
        String path = normalize(pathAndQuery.isEmpty() ? "/" : pathAndQuery);
        if (path.equals("/robots.txt")) return true;
        Rule best = null;
        for (Rule r : rules) {
            if (matches(path, r.path)
                    && (best == null || r.path.length() > best.path.length() || r.path.length() == best.path.length() && r.allow)) {
                best = r;
            }
        }
        return best == null || best.allow;
    }

    /** The rule that disallows {@code pathAndQuery}, for the error message; null when it is allowed. */
    public String disallowedBy(String pathAndQuery) {
        if (allows(pathAndQuery)) return null;
        String path = normalize(pathAndQuery.isEmpty() ? "/" : pathAndQuery);
        String longest = null;
        for (Rule r : rules) {
            if (!r.allow && matches(path, r.path) && (longest == null || r.path.length() > longest.length())) {
                longest = r.path;
            }
        }
        return longest;
    }

    /** The Crawl-delay in milliseconds, or -1 when the group gives none. */
    public long crawlDelayMillis() {
        return crawlDelayMillis;
    }

    /** Where the rules came from (which group, or why none), for messages. */
    public String source() {
        return source;
    }

    /** RFC 9309 2.2.3: {@code *} any run of characters; a final {@code $} the end. */
    static boolean matches(String path, String pattern) {
        boolean anchored = pattern.endsWith("$");
        String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] parts = p.split("\\*", -1);
        if (parts.length == 1) {
            return anchored ? path.equals(p) : path.startsWith(p);
        }
        if (!path.startsWith(parts[0])) return false;
        int pos = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = path.indexOf(parts[i], pos);
            if (at < 0) return false;
            pos = at + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return anchored ? path.length() - last.length() >= pos && path.endsWith(last) : path.indexOf(last, pos) >= 0;
    }

    /**
     * RFC 9309 2.2.2: octets outside ASCII percent-encoded (as UTF-8), an encoded unreserved character decoded,
     * other escapes in upper case; so that {@code /%7Ea} and {@code /~a} compare equal, and {@code /ä} matches
     * {@code /%C3%A4}.
     */
    static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1) && isHex(s, i + 2)) {
                int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
                if (isUnreserved(v)) {
                    out.append((char) v);
                } else {
                    out.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                }
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
