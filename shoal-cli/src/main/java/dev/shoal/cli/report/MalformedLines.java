package dev.shoal.cli.report;

import java.util.ArrayList;
import java.util.List;

/** Lines that were not rows: how many, and the first few with their line numbers and reasons. */
final class MalformedLines {
    static final int EXAMPLES_KEPT = 5;

    private final List<Example> examples = new ArrayList<>();
    private long count;

    void add(long lineNumber, String reason) {
        count++;
        if (examples.size() < EXAMPLES_KEPT) {
            examples.add(new Example(lineNumber, reason));
        }
    }

    long count() {
        return count;
    }

    List<Example> examples() {
        return examples;
    }

    record Example(long lineNumber, String reason) {}
}
