package dev.shoal.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as curl writes them: seconds, with decimals ({@code -m 4}, {@code --read-timeout 1.5}); 0 means none. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds (e.g. 2 or 1.5)");
        }
        if (seconds.signum() < 0) {
            throw new TypeConversionException("'" + value + "' is negative");
        }
        if (seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L)) > 0) {
            throw new TypeConversionException("'" + value + "' seconds is too long");
        }
        long nanos = seconds.movePointRight(9).longValue();
        // a positive time shorter than the clock counts is its shortest time, never 0, which would mean "no limit"
        return Duration.ofNanos(seconds.signum() > 0 ? Math.max(1, nanos) : 0);
    }
}
