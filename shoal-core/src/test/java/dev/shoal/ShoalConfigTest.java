package dev.shoal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShoalConfigTest {

    @Test
    void equalSettingsMakeEqualConfigs() {
        ShoalConfig a = Shoal.builder().maxInFlight(10).resolve("h.test", 80, "127.0.0.1").config();
        ShoalConfig b = Shoal.builder().maxInFlight(10).resolve("h.test", 80, "127.0.0.1").config();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Shoal.builder().maxInFlight(11).resolve("h.test", 80, "127.0.0.1").config());
        assertNotEquals(a, Shoal.builder().maxInFlight(10).config());
    }

    @Test
    void toStringShowsTheSettingsButNeverAProxyPassword() {
        ShoalConfig c = Shoal.builder().maxPerHost(7)
                .proxy(ProxyConfig.parse("http://alice:s3cret@proxy.test:3128", List.of())).config();
        String text = c.toString();
        assertTrue(text.contains("maxPerHost=7"), text);
        assertTrue(text.contains("alice"), text);
        assertFalse(text.contains("s3cret"), text);
    }

    @Test
    void theBuilderStillChecksEverySetting() {
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().maxInFlight(0).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().maxPerHost(0).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().ratePerHost(Double.NaN).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().maxRedirects(-1).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().maxBodyBytes(-1).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().ioThreads(0).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().userAgent("a\r\nX-Injected: 1").config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().userAgent("a\nb").config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().maxIdleConnections(-2).config());
    }

    @Test
    void aNegativeOrUncountableTimeoutIsRefusedNotTakenForNoLimit() {
        // a deadline computed as what is left of a budget already spent must not silently become "none"
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shoal.builder().deadline(Duration.ofMillis(-1)).config());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().readTimeout(Duration.ofSeconds(-5)).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().connectTimeout(Duration.ofNanos(-1)).config());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().idleTimeout(Duration.ofSeconds(-1)).config());
        // too long to count in nanoseconds: a clear refusal, not an ArithmeticException from deep inside build()
        e = assertThrows(IllegalArgumentException.class,
                () -> Shoal.builder().deadline(ChronoUnit.FOREVER.getDuration()).build());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shoal.builder().readTimeout(Duration.ofDays(200 * 365L * 1000)).config());
        // the longest that can be counted, and zero (no limit), are fine
        Shoal.builder().deadline(Duration.ofNanos(Long.MAX_VALUE)).readTimeout(Duration.ZERO).config();
    }

    @Test
    void theConfigIsASnapshotOfTheBuilder() {
        Shoal.Builder builder = Shoal.builder().maxInFlight(5);
        ShoalConfig c = builder.config();
        builder.maxInFlight(6);
        assertEquals(5, c.maxInFlight());
        assertEquals(c.httpsProxy(), c.proxyFor("https"));
    }
}
