package dev.shoal.internal.cookie;

import org.junit.jupiter.api.Test;

import static dev.shoal.internal.cookie.CookieExpiry.EXPIRED;
import static dev.shoal.internal.cookie.CookieExpiry.FAR_FUTURE;
import static dev.shoal.internal.cookie.CookieExpiry.SESSION;
import static dev.shoal.internal.cookie.CookieExpiry.expiresAtMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CookieExpiryTest {
    static final long NOW = 1_700_000_000_000L;

    @Test
    void maxAgeCountsFromNow() {
        assertEquals(NOW + 60_000, expiresAtMillis("a=1; Max-Age=60", NOW));
        assertEquals(NOW + 60_000, expiresAtMillis("a=1;max-age = 060 ", NOW));
    }

    @Test
    void hugeMaxAgeIsTheFarFutureNeverAnOverflow() {
        assertEquals(FAR_FUTURE, expiresAtMillis("a=1; Max-Age=9223372036854775807", NOW));
        assertEquals(FAR_FUTURE, expiresAtMillis("a=1; Max-Age=99999999999999999999", NOW));
        assertEquals(FAR_FUTURE, expiresAtMillis("a=1; Max-Age=9223372036854775", NOW));
        assertEquals(FAR_FUTURE, expiresAtMillis("a=1; Max-Age=9223370336854776", NOW));
        assertEquals(FAR_FUTURE - 806, expiresAtMillis("a=1; Max-Age=9223370336854775", NOW));
        assertEquals(FAR_FUTURE, expiresAtMillis("a=1; Max-Age=9223372036854775807", Long.MAX_VALUE - 5));
        assertEquals(NOW + 9_000_000_000_000_000_000L, expiresAtMillis("a=1; Max-Age=9000000000000000", NOW));
    }

    @Test
    void hugeMaxAgeStillWinsOverExpires() {
        assertEquals(FAR_FUTURE,
                expiresAtMillis("a=1; Max-Age=99999999999999999999; Expires=Thu, 01 Jan 1970 00:00:00 GMT", NOW));
    }

    @Test
    void zeroOrNegativeMaxAgeExpiresAtOnceHoweverLarge() {
        assertEquals(EXPIRED, expiresAtMillis("a=1; Max-Age=0", NOW));
        assertEquals(EXPIRED, expiresAtMillis("a=1; Max-Age=000", NOW));
        assertEquals(EXPIRED, expiresAtMillis("a=1; Max-Age=-1", NOW));
        assertEquals(EXPIRED, expiresAtMillis("a=1; Max-Age=-9223372036854775808", NOW));
        assertEquals(EXPIRED, expiresAtMillis("a=1; Max-Age=-99999999999999999999", NOW));
    }

    @Test
    void invalidMaxAgeIsIgnoredAndTheLastValidOneWins() {
        assertEquals(SESSION, expiresAtMillis("a=1; Max-Age=+5", NOW));
        assertEquals(SESSION, expiresAtMillis("a=1; Max-Age=5x", NOW));
        assertEquals(SESSION, expiresAtMillis("a=1; Max-Age=-", NOW));
        assertEquals(SESSION, expiresAtMillis("a=1; Max-Age=", NOW));
        assertEquals(NOW + 5_000, expiresAtMillis("a=1; Max-Age=5; Max-Age=x", NOW));
        assertEquals(NOW + 7_000, expiresAtMillis("a=1; Max-Age=5; Max-Age=7", NOW));
    }

    @Test
    void expiresIsADateNotCountedFromAnotherClock() {
        assertEquals(253402300799000L, expiresAtMillis("a=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", NOW));
        assertEquals(0L, expiresAtMillis("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", NOW));
    }

    @Test
    void anExpiresYearOfFiveDigitsDoesNotParseAndIsIgnored() {
        // 5.1.1: a year is 2 to 4 digits; a date that fails to parse leaves the cookie a session cookie
        assertEquals(SESSION, expiresAtMillis("a=1; Expires=Sat, 01 Jan 10000 00:00:00 GMT", NOW));
        assertEquals(SESSION, expiresAtMillis("a=1; Expires=Sat, 01 Jan 99999999999999999999 00:00:00 GMT", NOW));
    }

    @Test
    void noExpiryIsASessionCookie() {
        assertEquals(SESSION, expiresAtMillis("a=1", NOW));
        assertEquals(SESSION, expiresAtMillis("a=1; Path=/; Secure", NOW));
    }
}
