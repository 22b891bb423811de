package dev.shoal.cli.report;

import java.util.ArrayDeque;
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
    /**
     * Entries that had the smallest estimate at the last scan. Estimates only grow and a new entry
     * starts above that smallest one, so a candidate whose estimate is unchanged is still a smallest:
     * one scan serves many evictions when hosts churn.
     */
    private final ArrayDeque<HostStats> evictionCandidates = new ArrayDeque<>();
    private long candidateEstimate;

    HostTable(int capacity) {
        this.capacity = capacity;
    }

    void record(String host, Outcome outcome, long elapsedMicros) {
        record(host, outcome, elapsedMicros, null);
    }

    /** As {@link #record(String, Outcome, long)}, with the row's phases (null when it has none). */
    void record(String host, Outcome outcome, long elapsedMicros, double[] phasesMs) {
        record(host, outcome, elapsedMicros, phasesMs, 0);
    }

    /** As {@link #record(String, Outcome, long, double[])}, with how long the host held the row's request back. */
    void record(String host, Outcome outcome, long elapsedMicros, double[] phasesMs, double politeWaitMs) {
        HostStats stats = byHost.get(host);
        if (stats == null) {
            stats = admit(host);
        }
        stats.record(outcome, elapsedMicros, phasesMs);
        stats.heldBack(politeWaitMs);
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
        HostStats smallest = nextSmallest();
        evictions++;
        other.add(smallest);
        byHost.remove(smallest.host());
        smallest.reuseFor(host, smallest.estimate());
        byHost.put(host, smallest);
        return smallest;
    }

    private HostStats nextSmallest() {
        while (true) {
            HostStats candidate = evictionCandidates.poll();
            if (candidate == null) {
                findSmallest();
            } else if (candidate.estimate() == candidateEstimate) {
                return candidate;
            }
        }
    }

    private void findSmallest() {
        candidateEstimate = Long.MAX_VALUE;
        for (HostStats stats : byHost.values()) {
            long estimate = stats.estimate();
            if (estimate < candidateEstimate) {
                candidateEstimate = estimate;
                evictionCandidates.clear();
            }
            if (estimate == candidateEstimate) {
                evictionCandidates.add(stats);
            }
        }
    }
}
