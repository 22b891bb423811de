package dev.shoal.rows;

import dev.shoal.Headers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The response header fields a run asked to keep in its rows ({@code --include-header}): for each name asked,
 * in lower case, the final response's value, or null when it had none. A field sent more than once is one value,
 * its values joined with {@code ", "} as RFC 9110 (section 5.3) combines field lines; {@code Set-Cookie}, whose
 * values hold commas of their own (in dates), is joined with a line break instead. A plain array of strings, so
 * that Flink serializes rows without Kryo.
 *
 * @param namesAndValues lower-case name, value (or null), name, value...
 */
public record RowHeaders(String[] namesAndValues) {

    /** The values of {@code names} (lower case) in {@code headers}. */
    public static RowHeaders pick(List<String> names, Headers headers) {
        String[] picked = new String[names.size() * 2];
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            picked[2 * i] = name;
            picked[2 * i + 1] = joined(name, headers.all(name));
        }
        return new RowHeaders(picked);
    }

    private static String joined(String name, List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(name.equals("set-cookie") ? "\n" : ", ", values);
    }

    /** The value kept for {@code name}, or null (also when the name was not asked for). */
    public String get(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals(lower)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    public int size() {
        return namesAndValues.length / 2;
    }

    public String name(int i) {
        return namesAndValues[2 * i];
    }

    public String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowHeaders other && Arrays.equals(namesAndValues, other.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    @Override
    public String toString() {
        return "RowHeaders" + Arrays.toString(namesAndValues);
    }
}
