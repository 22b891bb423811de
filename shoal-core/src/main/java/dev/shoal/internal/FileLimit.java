package dev.shoal.internal;

import dev.shoal.ShoalConfig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each request in flight may hold a socket: a process whose file limit is below the configured bound
 * would fail somewhere in the middle of a run with "Too many open files". Say so before starting instead.
 */
final class FileLimit {
    /** Descriptors the JVM, Netty's selector and the caller's own files need besides the sockets. */
    static final int RESERVE = 64;

    private FileLimit() {
    }

    static void check(ShoalConfig config) {
        long needed = (long) config.maxInFlight() + RESERVE;
        long limit = openFileLimit();
        if (limit > 0 && limit < needed) {
            throw new IllegalArgumentException("maxInFlight " + config.maxInFlight() + " needs about " + needed
                    + " file descriptors but this process may open only " + limit
                    + "; lower the concurrency or raise the limit (ulimit -n)");
        }
    }

    /** The soft limit on open files; -1 when unknown. Linux's /proc is read first: the management beans take ~20 ms to start. */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the JDK's view
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
