package dev.shoal.cli.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Measures one phase of a run inside this JVM: wall time, the client's CPU time (process CPU time less
 * the CPU time of the embedded server's threads, which serve both phases alike) and the heap's peak
 * (pools' peaks reset after a GC at the start, read at the end).
 */
public final class PhaseMeter {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final String serverThreadPrefix;
    private long startWall;
    private long startCpu;

    /** @param serverThreadPrefix the name prefix of the embedded server's threads, whose CPU time is not the client's */
    public PhaseMeter(String serverThreadPrefix) {
        this.serverThreadPrefix = serverThreadPrefix;
    }

    public void start() {
        System.gc(); // the previous phase's garbage is not this phase's memory
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        startCpu = clientCpuNanos();
        startWall = System.nanoTime();
    }

    public PhaseResult stop(int requests, int succeeded, String firstFailure) {
        long wall = System.nanoTime() - startWall;
        long cpu = clientCpuNanos() - startCpu;
        long peak = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new PhaseResult(wall, cpu, peak, requests, succeeded, firstFailure);
    }

    private long clientCpuNanos() {
        long server = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(serverThreadPrefix)) {
                server += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return os.getProcessCpuTime() - server;
    }
}
