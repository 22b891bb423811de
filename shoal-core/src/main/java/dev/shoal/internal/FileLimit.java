package dev.shoal.internal;

import dev.shoal.ShoalConfig;

import java.lang.management.ManagementFactory;

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
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            long needed = (long) config.maxInFlight() + RESERVE;
            if (limit > 0 && limit < needed) {
                throw new IllegalArgumentException("maxInFlight " + config.maxInFlight() + " needs about " + needed
                        + " file descriptors but this process may open only " + limit
                        + "; lower the concurrency or raise the limit (ulimit -n)");
            }
        }
    }
}
