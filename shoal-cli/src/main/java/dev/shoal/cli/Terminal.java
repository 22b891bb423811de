package dev.shoal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal. {@code System.console()} needs both stdin and stdout to be
 * one, so on Linux this reads where {@code /proc/self/fd/N} points instead.
 */
public final class Terminal {
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    public static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null; // no /proc: the best guess the JDK offers
        }
    }

    /** The terminal's width from {@code $COLUMNS} when the shell exports it, else 80. */
    public static int columns() {
        String columns = System.getenv("COLUMNS");
        try {
            return columns == null ? DEFAULT_COLUMNS : Math.max(20, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }
}
