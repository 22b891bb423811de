package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {

    @Test
    void knownTotalShowsDoneOfTotalAndAnEta() {
        assertEquals("1,234/10,000 (12%)  400 req/s  64 in flight  3 errors  ETA 0:22",
                ProgressLine.render(1_234, 10_000, 400, 64, 3, 200));
    }

    @Test
    void unknownTotalShowsDoneWithoutEta() {
        assertEquals("1,234 done  400 req/s  64 in flight  0 errors", ProgressLine.render(1_234, -1, 400, 64, 0, 200));
    }

    @Test
    void lineNeverExceedsTheWidthSoItCannotWrapAndScroll() {
        assertEquals(30, ProgressLine.render(1_234, 10_000, 400, 64, 3, 30).length());
    }

    @Test
    void etaPastAnHourShowsHours() {
        assertEquals("1:01:01", ProgressLine.clock(3661));
        assertEquals("0:05", ProgressLine.clock(5));
    }

    @Test
    void meterRedrawsInPlaceAtMostFiveTimesASecondAndClearsAtTheEnd() {
        StringWriter terminal = new StringWriter();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(terminal), () -> 100, 80, 0);

        meter.update(100_000_000L, 10, 4, 0);   // 0.1 s: too soon
        assertEquals("", terminal.toString());
        meter.update(1_000_000_000L, 50, 4, 1); // 1 s: 50 done at 50/s
        String drawn = terminal.toString();
        assertTrue(drawn.startsWith("\r\033[K50/100 (50%)  50 req/s  4 in flight  1 errors  ETA 0:01"), drawn);
        assertFalse(drawn.contains("\n"), "never scrolls");

        meter.update(1_100_000_000L, 60, 4, 1);
        assertEquals(drawn, terminal.toString(), "throttled");
        meter.clear();
        assertTrue(terminal.toString().endsWith("\r\033[K"));
    }
}
