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

    /**
     * The automatic idle cap when the file limit leaves more room. A crawl comes back to a host after many others,
     * so a cap near the concurrency would close a host's connections before its next request (a new TCP and TLS
     * handshake each time); the idle timeout, not this cap, is what normally ends an idle connection. The bound
     * only keeps a process with a huge file limit from holding more sockets than it has memory for.
     */
    static final int MAX_AUTO_IDLE = 16_384;

    private FileLimit() {
    }

    /**
     * The idle connections to keep over all origins: the configured cap, or one that fits what this process's
     * file limit leaves beside the descriptors already open (the JVM's jars among them).
     */
    static int idleCap(ShoalConfig config) {
        long limit = openFileLimit();
        return idleCap(config, limit > 0 && limit != Long.MAX_VALUE ? limit - openFiles() : limit);
    }

    /** As {@link #idleCap(ShoalConfig)} for {@code limit} more descriptors (not positive: unknown). */
    static int idleCap(ShoalConfig config, long limit) {
        int cap = config.maxIdleConnections();
        if (cap == ShoalConfig.AUTO_IDLE_CAP) {
            long room = limit > 0 ? limit - config.maxInFlight() - RESERVE : Long.MAX_VALUE;
            cap = (int) Math.max(0, Math.min(Math.max(config.maxInFlight(), MAX_AUTO_IDLE), room));
        }
        long needed = (long) config.maxInFlight() + cap + RESERVE;
        if (limit > 0 && limit < needed) {
            String bounds = config.maxIdleConnections() == ShoalConfig.AUTO_IDLE_CAP
                    ? "maxInFlight " + config.maxInFlight() + " needs"
                    : "maxInFlight " + config.maxInFlight() + " and maxIdleConnections " + cap + " need";
            throw new IllegalArgumentException(bounds + " about " + needed
                    + " file descriptors but this process may open only " + limit + " more"
                    + "; lower them or raise the limit (ulimit -n)");
        }
        return cap;
    }

    /** Descriptors this process has open now; 0 when unknown (not Linux). */
    static long openFiles() {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException notLinux) {
            return 0;
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
