package dev.shoal.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts by name for a set of names that is small in practice (error kinds, protocols) but comes from
 * the input: past {@code capacity} distinct names, further names are counted under {@link #OTHER}, so a
 * hostile or broken file cannot make it grow. Keeps the first message seen for each name as an example.
 */
final class CappedCounts {
    static final String OTHER = "(other)";
    private static final int MAX_EXAMPLE_CHARS = 300;

    private final int capacity;
    private final Map<String, Entry> entries = new HashMap<>();

    CappedCounts(int capacity) {
        this.capacity = capacity;
    }

    void add(String name, String example) {
        String key = entries.containsKey(name) || entries.size() < capacity ? name : OTHER;
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(k, shorten(example)));
        entry.count++;
    }

    /** Entries by count, highest first; ties by name. */
    List<Entry> byCount() {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::name));
        return sorted;
    }

    int size() {
        return entries.size();
    }

    private static String shorten(String text) {
        if (text == null || text.length() <= MAX_EXAMPLE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_EXAMPLE_CHARS) + "…";
    }

    static final class Entry {
        private final String name;
        private final String example;
        private long count;

        private Entry(String name, String example) {
            this.name = name;
            this.example = example;
        }

        String name() {
            return name;
        }

        long count() {
            return count;
        }

        /** The first message seen under this name, or null. */
        String example() {
            return example;
        }
    }
}
