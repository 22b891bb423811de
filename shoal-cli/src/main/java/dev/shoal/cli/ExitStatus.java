package dev.shoal.cli;

/** The exit statuses of every command. */
public final class ExitStatus {
    /** The run completed; failed requests are rows, not exit statuses. */
    public static final int OK = 0;
    /** A local failure: the output cannot be written, the input cannot be read. */
    public static final int FATAL = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;

    private ExitStatus() {
    }

    /** 128 + the signal's number, as shells report a process a signal stopped: 130 for SIGINT (Ctrl-C). */
    public static int signalled(int signal) {
        return 128 + signal;
    }
}
