package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyAndHeaderOptionsTest {

    @Test
    void headerOptionIsNameColonValueTrimmed() {
        assertArrayEquals(new String[] {"X-Trace", "a: b"}, HeaderOption.parse("X-Trace:  a: b "));
        assertArrayEquals(new String[] {"Accept", ""}, HeaderOption.parse("Accept:"));
    }

    @Test
    void headerOptionWithoutATokenNameOrWithALineBreakIsRefused() {
        assertNull(HeaderOption.parse("NoColon"));
        assertNull(HeaderOption.parse(": value"));
        assertNull(HeaderOption.parse("Bad Name: v"));
        assertNull(HeaderOption.parse("X: a\r\nInjected: yes"));
        assertTrue(HeaderOption.isToken("PATCH"));
        assertFalse(HeaderOption.isToken("GE T"));
    }
}
