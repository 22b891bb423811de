package dev.shoal.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * Request rates as curl writes them, {@code N/s}, {@code N/m}, {@code N/h} or {@code N/d}, as requests per second;
 * a bare number is per second (curl's bare number is per hour: write the unit to be sure).
 */
public final class RateConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        return parse(value);
    }

    public static double parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double per = 1;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            per = switch (v.substring(slash + 1)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86_400;
                default -> throw new TypeConversionException("'" + value + "': the unit after / is s, m, h or d");
            };
            v = v.substring(0, slash);
        }
        double n;
        try {
            n = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a rate (e.g. 5, 5/s, 100/m)");
        }
        if (!(n >= 0) || Double.isInfinite(n)) {
            throw new TypeConversionException("'" + value + "' is not a rate (e.g. 5, 5/s, 100/m)");
        }
        return n / per;
    }
}
