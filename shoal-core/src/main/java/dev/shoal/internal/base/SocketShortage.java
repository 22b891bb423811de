package dev.shoal.internal.base;

import java.util.List;

/**
 * Tells a failure to open a socket that is this machine's shortage, not the server's answer: no file
 * descriptor left (EMFILE, ENFILE), no buffer space (ENOBUFS), no ephemeral port (EADDRNOTAVAIL). Closing
 * one of our own idle connections may cure it, so the pool frees one and tries again before giving up.
 * Netty and the JDK report these only as messages (strerror's text), so the messages are what is matched.
 */
public final class SocketShortage {
    private static final List<String> REASONS = List.of(
            "Too many open files",            // EMFILE, and ENFILE's "Too many open files in system"
            "No buffer space available",      // ENOBUFS
            "Cannot assign requested address" // EADDRNOTAVAIL: no ephemeral port left
    );

    private SocketShortage() {
    }

    /** The strerror text of the shortage somewhere in {@code t}'s causes, or null when it is no shortage. */
    public static String reason(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
            String m = c.getMessage();
            if (m != null) {
                for (String r : REASONS) {
                    if (m.contains(r)) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    public static boolean isShortage(Throwable t) {
        return reason(t) != null;
    }
}
