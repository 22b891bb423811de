package dev.shoal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code shoal} command line in this JVM, as the launcher would run it, and keeps what it writes:
 * stdout and stderr, added to over the runs of one instance.
 */
public final class InProcessShoal {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code shoal args...}; returns its exit status. */
    public int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /** Runs {@code shoal fetch options... args...}: a test's fixed options, then the call's own arguments. */
    public int fetch(List<String> options, String... args) {
        List<String> all = new ArrayList<>(options.size() + args.length + 1);
        all.add("fetch");
        all.addAll(options);
        all.addAll(List.of(args));
        return run(all.toArray(new String[0]));
    }

    /** What the runs wrote to stdout. */
    public String out() {
        return out.toString();
    }

    /** What the runs wrote to stderr. */
    public String err() {
        return err.toString();
    }
}
