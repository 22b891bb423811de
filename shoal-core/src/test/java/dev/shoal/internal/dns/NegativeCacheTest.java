package dev.shoal.internal.dns;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NegativeCacheTest {

    @Test
    void nxdomainIsForgottenAfterItsTime() {
        NegativeCache cache = new NegativeCache(100, 2);
        cache.add("a", 0);
        assertTrue(cache.contains("a", 99));
        assertFalse(cache.contains("a", 100));
        cache.add("b", 0);
        cache.add("c", 0);
        cache.add("d", 0);
        assertFalse(cache.contains("b", 1), "the oldest entry stayed past the bound");
        assertTrue(cache.contains("d", 1));
    }
}
