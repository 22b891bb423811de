package dev.shoal.cli.fetch;

import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aRefusedHeaderOptionIsNamedInTheUsageErrorButItsValueIsNeverEchoed() {
        for (String header : List.of("Cookie: sid=SECRET1\r\nX: y", "Authorization Bearer SECRET2", "Bad Name: SECRET3")) {
            InProcessShoal shoal = new InProcessShoal();
            assertEquals(ExitStatus.USAGE, shoal.fetch(List.of(), "-H", header, "http://127.0.0.1:9/"), header);
            assertTrue(shoal.err().startsWith("shoal fetch: -H"), shoal.err());
            assertFalse(shoal.err().contains("SECRET"), shoal.err());
            assertEquals("", shoal.out());
        }
        assertEquals("-H 'Cookie: ...'", HeaderOption.shown("Cookie: sid=SECRET\r\nX: y"));
        assertEquals("-H", HeaderOption.shown("Authorization Bearer SECRET"));
        assertEquals("-H", HeaderOption.shown("Bad Name: SECRET"));
    }
}
