package dev.shoal.internal;

import dev.shoal.ShoalConfig;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Each request in flight may hold a socket, and each idle pooled connection holds one: a process whose file
 * limit is below what they add up to would fail somewhere in the middle of a run with "Too many open files".
 * The idle cap, unless set, is derived so that the sum fits; a configured bound that cannot fit is refused
 * before starting.
 */
final class FileLimit {
    /** Descriptors the JVM, Netty's selectors, the resolver and the caller's own files need besides the sockets. */
    static final int RESERVE = 64;

    private FileLimit() {
    }

    /** The idle connections to keep over all origins: the configured cap, or one that fits this process's file limit. */
    static int idleCap(ShoalConfig config) {
        return idleCap(config, openFileLimit());
    }

    /** As {@link #idleCap(ShoalConfig)} for a file limit of {@code limit} (not positive: unknown). */
    static int idleCap(ShoalConfig config, long limit) {
        int cap = config.maxIdleConnections();
        if (cap == ShoalConfig.AUTO_IDLE_CAP) {
            long room = limit > 0 ? limit - config.maxInFlight() - RESERVE : Long.MAX_VALUE;
            cap = (int) Math.max(0, Math.min(config.maxInFlight(), room));
        }
        long needed = (long) config.maxInFlight() + cap + RESERVE;
        if (limit > 0 && limit < needed) {
            String bounds = config.maxIdleConnections() == ShoalConfig.AUTO_IDLE_CAP
                    ? "maxInFlight " + config.maxInFlight() + " needs"
                    : "maxInFlight " + config.maxInFlight() + " and maxIdleConnections " + cap + " need";
            throw new IllegalArgumentException(bounds + " about " + needed
                    + " file descriptors but this process may open only " + limit
                    + "; lower them or raise the limit (ulimit -n)");
        }
        return cap;
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
