package dev.shoal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** An immutable, ordered list of header fields. Names compare case-insensitively. */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Alternating names and values: {@code Headers.of("Accept", "text/plain", "X-Id", "7")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected alternating names and values");
        }
        if (namesAndValues.length == 0) {
            return EMPTY;
        }
        String[] copy = new String[namesAndValues.length];  // not clone(): a native call under C1, once per response
        System.arraycopy(namesAndValues, 0, copy, 0, copy.length);
        return new Headers(copy);
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                values.add(namesAndValues[i + 1]);
            }
        }
        return Collections.unmodifiableList(values);
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            names.add(namesAndValues[i]);
        }
        return Collections.unmodifiableSet(names);
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

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            action.accept(namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    /** A copy with {@code name} set to the single {@code value} (replacing any present). */
    public Headers with(String name, String value) {
        return without(name).plus(name, value);
    }

    /** A copy with one more field appended. */
    public Headers plus(String name, String value) {
        String[] copy = Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        copy[copy.length - 2] = name;
        copy[copy.length - 1] = value;
        return new Headers(copy);
    }

    /** A copy without any field named {@code name}. */
    public Headers without(String name) {
        if (!contains(name)) {
            return this;
        }
        List<String> kept = new ArrayList<>(namesAndValues.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!namesAndValues[i].equalsIgnoreCase(name)) {
                kept.add(namesAndValues[i]);
                kept.add(namesAndValues[i + 1]);
            }
        }
        return kept.isEmpty() ? EMPTY : new Headers(kept.toArray(new String[0]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && Arrays.equals(namesAndValues, h.namesAndValues);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(namesAndValues);
    }

    /** The fields, with the values of credentials and cookies masked: a logged request leaks no secret. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) sb.append(", ");
            sb.append(namesAndValues[i]).append(": ").append(isSecret(namesAndValues[i]) ? "***" : namesAndValues[i + 1]);
        }
        return sb.append('}').toString();
    }

    private static boolean isSecret(String name) {
        return name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization")
                || name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Set-Cookie");
    }

    /** Builds headers without copying per field. */
    public static final class Builder {
        private final List<String> namesAndValues = new ArrayList<>();

        public Builder add(String name, String value) {
            namesAndValues.add(name);
            namesAndValues.add(value);
            return this;
        }

        public Headers build() {
            return namesAndValues.isEmpty() ? EMPTY : new Headers(namesAndValues.toArray(new String[0]));
        }
    }
}
