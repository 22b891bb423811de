package dev.shoal.options;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationAndSizeTest {

    @Test
    void durationsAreSecondsWithDecimalsAsCurlTakesThem() {
        assertEquals(Duration.ofSeconds(4), DurationConverter.parse("4"));
        assertEquals(Duration.ofMillis(1500), DurationConverter.parse("1.5"));
        assertEquals(Duration.ofMillis(250), DurationConverter.parse(".25"));
        assertEquals(Duration.ofNanos(1), DurationConverter.parse("0.000000001"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0.0000000000"));
        assertEquals(Duration.ofNanos(1), DurationConverter.parse("1e-10"), "a limit, not 0: no limit");
        assertEquals(Duration.ofNanos(1), DurationConverter.parse("0.0000000015"));
    }

    @Test
    void durationThatIsNotANonNegativeNumberIsRefused() {
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("4s"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("-1"));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse(""));
        assertThrows(TypeConversionException.class, () -> DurationConverter.parse("1e30"));
    }

    @Test
    void sizesTakeBinarySuffixes() {
        assertEquals(512, SizeConverter.parse("512"));
        assertEquals(64 * 1024, SizeConverter.parse("64k"));
        assertEquals(10L << 20, SizeConverter.parse("10M"));
        assertEquals(10L << 20, SizeConverter.parse("10MB"));
        assertEquals(10L << 20, SizeConverter.parse("10MiB"));
        assertEquals(3L << 29, SizeConverter.parse("1.5G"));
        assertEquals(0, SizeConverter.parse("0"));
    }

    @Test
    void sizeThatIsNotANumberOrTooLargeIsRefused() {
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("ten"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("M"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("-1k"));
        assertThrows(TypeConversionException.class, () -> SizeConverter.parse("99999999999T"));
    }
}
