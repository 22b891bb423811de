package dev.shoal.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-host statistics for at most {@code capacity} hosts, whatever the number of hosts in the run.
 * Below the capacity every host is exact. Past it, the table is a space-saving heavy-hitters summary
 * (Metwally et al.): a new host replaces the host with the smallest estimated count, whose rows move to
 * {@link #other()}. Any host with more than rows/capacity rows is guaranteed to be kept.
 */
final class HostTable {
    static final int DEFAULT_CAPACITY = 200;

    private final int capacity;
    private final Map<String, HostStats> byHost = new HashMap<>();
    private final HostStats other = new HostStats(CappedCounts.OTHER);
    private long evictions;

    HostTable(int capacity) {
        this.capacity = capacity;
    }

    void record(String host, Outcome outcome, long elapsedMicros) {
        HostStats stats = byHost.get(host);
        if (stats == null) {
            stats = admit(host);
        }
        stats.record(outcome, elapsedMicros);
    }

    /** The tracked hosts, most rows first. */
    List<HostStats> byRows() {
        List<HostStats> sorted = new ArrayList<>(byHost.values());
        sorted.sort(Comparator.comparingLong(HostStats::rows).reversed().thenComparing(HostStats::host));
        return sorted;
    }

    /** Rows of hosts that were evicted from the table; empty when every host fitted. */
    HostStats other() {
        return other;
    }

    /** True when there were more hosts than the table holds. */
    boolean overflowed() {
        return evictions > 0;
    }

    int capacity() {
        return capacity;
    }

    private HostStats admit(String host) {
        if (byHost.size() < capacity) {
            HostStats stats = new HostStats(host);
            byHost.put(host, stats);
            return stats;
        }
        HostStats smallest = null;
        for (HostStats candidate : byHost.values()) {
            if (smallest == null || candidate.estimate() < smallest.estimate()) {
                smallest = candidate;
            }
        }
        evictions++;
        other.add(smallest);
        byHost.remove(smallest.host());
        smallest.reuseFor(host, smallest.estimate());
        byHost.put(host, smallest);
        return smallest;
    }
}
