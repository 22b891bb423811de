package dev.shoal.cli.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/** The input's lines in order: the URLs given as arguments, then the lines of the input file or stdin (if any). */
public final class InputLines {
    private final Iterator<String> arguments;
    private final BufferedReader reader;

    public InputLines(List<String> arguments, BufferedReader reader) {
        this.arguments = List.copyOf(arguments).iterator();
        this.reader = reader;
    }

    /** The next line, or null at the end. */
    public String next() {
        if (arguments.hasNext()) {
            return arguments.next();
        }
        if (reader == null) {
            return null;
        }
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
