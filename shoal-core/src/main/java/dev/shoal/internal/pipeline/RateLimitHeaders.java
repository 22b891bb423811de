package dev.shoal.internal.pipeline;

import dev.shoal.Headers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server's quota headers, as pure functions: the IETF httpapi draft's structured fields
 * ({@code RateLimit: "default";r=0;t=30} with {@code RateLimit-Policy: "default";q=100;w=60}), and the
 * older, still common {@code RateLimit-Remaining} / {@code RateLimit-Reset} pair (also with an {@code X-}
 * prefix; a reset that large is an epoch second, as GitHub sends, else seconds from now). Only "nothing
 * left" matters to the client: the host is then held until the quota comes back.
 */
public final class RateLimitHeaders {
    /** An epoch second rather than a delta: no server resets a quota thirty years from now. */
    private static final long EPOCH_SECONDS_FROM = 1_000_000_000L;

    private RateLimitHeaders() {
    }

    /**
     * Nanoseconds until the server's quota is back, when a header says none is left; -1 when none says so
     * (or when one says so without saying until when).
     */
    public static long exhaustedForNanos(Headers headers, long nowMillis) {
        long structured = structured(headers.get("RateLimit"), headers.get("RateLimit-Policy"));
        long older = Math.max(older(headers.get("RateLimit-Remaining"), headers.get("RateLimit-Reset"), nowMillis),
                older(headers.get("X-RateLimit-Remaining"), headers.get("X-RateLimit-Reset"), nowMillis));
        return Math.max(structured, older);
    }

    /** The draft's form: the longest reset among the quotas with nothing remaining. */
    static long structured(String rateLimit, String policy) {
        if (rateLimit == null) return -1;
        Map<String, Map<String, String>> policies = new HashMap<>();
        if (policy != null) {
            for (Member m : members(policy)) {
                policies.put(m.name, m.params);
            }
        }
        long longest = -1;
        for (Member m : members(rateLimit)) {
            Long remaining = number(m.params.get("r"));
            if (remaining == null || remaining > 0) continue;
            Long reset = number(m.params.get("t"));
            if (reset == null && policies.containsKey(m.name)) {
                reset = number(policies.get(m.name).get("w"));  // no reset given: at worst a whole window
            }
            if (reset != null) {
                longest = Math.max(longest, TimeUnit.SECONDS.toNanos(Math.min(reset, 1L << 30)));
            }
        }
        return longest;
    }

    static long older(String remaining, String reset, long nowMillis) {
        Long left = number(remaining);
        Long at = number(reset);
        if (left == null || left > 0 || at == null) return -1;
        long seconds = at >= EPOCH_SECONDS_FROM ? Math.max(0, at - nowMillis / 1000) : at;
        return TimeUnit.SECONDS.toNanos(Math.min(seconds, 1L << 30));
    }

    private record Member(String name, Map<String, String> params) {
    }

    /** An RFC 8941 list, loosely: members split at commas outside quotes, each an item and its ;key=value parameters. */
    private static List<Member> members(String field) {
        List<Member> out = new ArrayList<>();
        for (String member : split(field, ',')) {
            List<String> parts = split(member, ';');
            if (parts.isEmpty()) continue;
            String name = unquote(parts.get(0).trim());
            Map<String, String> params = new HashMap<>();
            for (int i = 1; i < parts.size(); i++) {
                String p = parts.get(i).trim();
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                params.put(key, eq < 0 ? "?1" : unquote(p.substring(eq + 1).trim()));
            }
            out.add(new Member(name, params));
        }
        return out;
    }

    private static List<String> split(String s, char at) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == at && !quoted) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** A non-negative integer (an RFC 8941 integer, or a delta-seconds), else null. */
    private static Long number(String s) {
        if (s == null) return null;
        String v = s.trim();
        if (v.isEmpty() || v.length() > 15) return null;
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') return null;
        }
        return Long.parseLong(v);
    }
}
