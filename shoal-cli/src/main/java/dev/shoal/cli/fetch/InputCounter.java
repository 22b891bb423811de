package dev.shoal.cli.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the lines of an input file that take an index, on a daemon thread, so that the progress line
 * can show done/total and an ETA without delaying the run's start on a large file.
 */
public final class InputCounter {
    private volatile long count = -1;

    /** Starts counting {@code file}; {@link #count()} is negative until done (or when the file cannot be read). */
    public static InputCounter start(Path file) {
        InputCounter counter = new InputCounter();
        Thread thread = new Thread(() -> counter.count = countLines(file), "shoal-input-counter");
        thread.setDaemon(true);
        thread.start();
        return counter;
    }

    public long count() {
        return count;
    }

    /** Lines that are neither blank nor a {@code #} comment, as {@link dev.shoal.rows.InputLine#takesIndex} decides. */
    static long countLines(Path file) {
        long lines = 0;
        boolean decided = false; // whether this line's first non-blank byte was seen
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        decided = false;
                    } else if (!decided && b != ' ' && b != '\t' && b != '\r' && b != '\f') {
                        decided = true;
                        if (b != '#') {
                            lines++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return lines;
    }
}
