package dev.shoal.internal.cookie;

import io.netty.handler.codec.DateFormatter;

import java.util.Date;

/**
 * When a cookie set by a {@code Set-Cookie} header expires (RFC 6265 5.2.1, 5.2.2, 5.3 step 3): the last valid
 * {@code Max-Age} wins over {@code Expires}; a Max-Age of zero or less expires it at once; a Max-Age or date too
 * large to represent means the farthest future, never an overflow. Read here rather than from Netty's decoder,
 * which takes a Max-Age beyond a {@code long} for no Max-Age at all and counts Expires from its own clock.
 */
final class CookieExpiry {
    /** The session's expiry: the cookie lives as long as the client. */
    static final long SESSION = Long.MAX_VALUE;
    /** The farthest expiry a persistent cookie can have (one below {@link #SESSION}, which cookie files write as 0). */
    static final long FAR_FUTURE = Long.MAX_VALUE - 1;
    /** The earliest: the cookie is removed. */
    static final long EXPIRED = Long.MIN_VALUE;

    private static final long MAX_SECONDS = FAR_FUTURE / 1000;

    private CookieExpiry() {
    }

    /** The expiry, in epoch milliseconds, of the cookie {@code setCookieHeader} sets at {@code nowMillis}. */
    static long expiresAtMillis(String setCookieHeader, long nowMillis) {
        long fromMaxAge = 0;
        boolean hasMaxAge = false;
        long fromExpires = SESSION;
        int at = setCookieHeader.indexOf(';');
        while (at >= 0) {
            int end = setCookieHeader.indexOf(';', at + 1);
            String av = setCookieHeader.substring(at + 1, end < 0 ? setCookieHeader.length() : end);
            at = end;
            int eq = av.indexOf('=');
            if (eq < 0) continue;
            String name = av.substring(0, eq).strip();
            String value = av.substring(eq + 1).strip();
            if (name.equalsIgnoreCase("Max-Age")) {
                long expiry = maxAge(value, nowMillis);
                if (expiry != SESSION) {  // an invalid Max-Age is ignored: an earlier valid one still counts
                    fromMaxAge = expiry;
                    hasMaxAge = true;
                }
            } else if (name.equalsIgnoreCase("Expires")) {
                Date date = DateFormatter.parseHttpDate(value);
                if (date != null) fromExpires = Math.min(date.getTime(), FAR_FUTURE);
            }
        }
        return hasMaxAge ? fromMaxAge : fromExpires;
    }

    /** 5.2.2: a DIGIT or "-" first, DIGITs after; {@link #SESSION} for a value to be ignored. */
    static long maxAge(String value, long nowMillis) {
        boolean negative = value.startsWith("-");
        String digits = negative ? value.substring(1) : value;
        if (digits.isEmpty() || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return SESSION;
        }
        String significant = digits.replaceFirst("^0+", "");
        if (negative || significant.isEmpty()) {
            return EXPIRED;
        }
        if (significant.length() > 18) {
            return FAR_FUTURE;  // past a long's range: still a valid, very long Max-Age
        }
        long seconds = Long.parseLong(significant);
        if (seconds > MAX_SECONDS) {
            return FAR_FUTURE;
        }
        long millis = seconds * 1000;
        return millis >= FAR_FUTURE - Math.max(nowMillis, 0) ? FAR_FUTURE : nowMillis + millis;
    }
}
