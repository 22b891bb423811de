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

    /** {@return no header fields} */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Alternating names and values: {@code Headers.of("Accept", "text/plain", "X-Id", "7")}.
     *
     * @param namesAndValues name, value, name, value...
     * @return the fields
     * @throws IllegalArgumentException for an odd number of strings
     */
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

    /**
     * The first value of a field.
     *
     * @param name the field's name, in any case
     * @return its first value, or null
     */
    public String get(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    /**
     * Every value of a field.
     *
     * @param name the field's name, in any case
     * @return its values in order; empty when there is none
     */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                values.add(namesAndValues[i + 1]);
            }
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * Whether a field is present.
     *
     * @param name the field's name, in any case
     * @return true when it is
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /** {@return the names, each once, in order of first appearance} */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            names.add(namesAndValues[i]);
        }
        return Collections.unmodifiableSet(names);
    }

    /** {@return the number of fields} */
    public int size() {
        return namesAndValues.length / 2;
    }

    /**
     * A field's name.
     *
     * @param i from 0 to {@code size() - 1}
     * @return the name of the field at {@code i}
     */
    public String name(int i) {
        return namesAndValues[2 * i];
    }

    /**
     * A field's value.
     *
     * @param i from 0 to {@code size() - 1}
     * @return the value of the field at {@code i}
     */
    public String value(int i) {
        return namesAndValues[2 * i + 1];
    }

    /**
     * Runs {@code action} on each field, in order.
     *
     * @param action takes a name and its value
     */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            action.accept(namesAndValues[i], namesAndValues[i + 1]);
        }
    }

    /**
     * A copy with {@code name} set to the single {@code value} (replacing any present).
     *
     * @param name  the field's name
     * @param value its value
     * @return the copy
     */
    public Headers with(String name, String value) {
        return without(name).plus(name, value);
    }

    /**
     * A copy with one more field appended.
     *
     * @param name  the field's name
     * @param value its value
     * @return the copy
     */
    public Headers plus(String name, String value) {
        String[] copy = Arrays.copyOf(namesAndValues, namesAndValues.length + 2);
        copy[copy.length - 2] = name;
        copy[copy.length - 1] = value;
        return new Headers(copy);
    }

    /**
     * A copy without any field named {@code name}.
     *
     * @param name the field's name, in any case
     * @return the copy, or this when there is no such field
     */
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

    /** Equal when the same names and values are in the same order (names compared as written). */
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

        /** A builder of no fields. */
        public Builder() {
        }

        /**
         * Appends a field.
         *
         * @param name  the field's name
         * @param value its value
         * @return this builder
         */
        public Builder add(String name, String value) {
            namesAndValues.add(name);
            namesAndValues.add(value);
            return this;
        }

        /** {@return the fields added} */
        public Headers build() {
            return namesAndValues.isEmpty() ? EMPTY : new Headers(namesAndValues.toArray(new String[0]));
        }
    }
}
