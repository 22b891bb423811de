package dev.shoal.cli.report;

/**
 * The run cut into at most {@code maxBuckets} equal slices of time. Slices start 10 ms wide; when a row
 * falls outside what that many slices can cover, neighbouring slices are merged (width ×2, then ×5, so
 * widths stay 10 ms, 20 ms, 100 ms, 200 ms, 1 s, ...). Memory is bounded by {@code maxBuckets} whatever
 * the run's length, and rows may arrive in any order (they come in completion order).
 */
final class Timeline {
    static final int DEFAULT_MAX_BUCKETS = 300;
    private static final long FIRST_WIDTH_MS = 10;

    private final int maxBuckets;
    private final TimeBucket[] buckets;
    private long widthMs = FIRST_WIDTH_MS;
    /** Absolute index (epoch ms / width) of buckets[0]. */
    private long firstIndex;
    private int used;

    Timeline(int maxBuckets) {
        this.maxBuckets = maxBuckets;
        this.buckets = new TimeBucket[maxBuckets];
    }

    /** Records a request: its latency where it started, its outcome where it ended. */
    void record(long startedAtMs, long endedAtMs, long elapsedMicros, Outcome outcome) {
        cover(startedAtMs, Math.max(startedAtMs, endedAtMs));
        bucketAt(startedAtMs).recordStart(elapsedMicros);
        bucketAt(endedAtMs).recordEnd(outcome);
    }

    long widthMs() {
        return widthMs;
    }

    int size() {
        return used;
    }

    /** Start of bucket {@code i}, epoch milliseconds. */
    long startMs(int i) {
        return (firstIndex + i) * widthMs;
    }

    /** Bucket {@code i}; an empty bucket when nothing happened in it. */
    TimeBucket bucket(int i) {
        TimeBucket bucket = buckets[i];
        return bucket == null ? new TimeBucket() : bucket;
    }

    private void cover(long fromMs, long toMs) {
        if (used == 0) {
            while (Math.floorDiv(toMs, widthMs) - Math.floorDiv(fromMs, widthMs) >= maxBuckets) {
                widthMs *= nextFactor();
            }
            firstIndex = Math.floorDiv(fromMs, widthMs);
            used = 1;
        }
        while (Math.max(lastIndex(), Math.floorDiv(toMs, widthMs))
                - Math.min(firstIndex, Math.floorDiv(fromMs, widthMs)) >= maxBuckets) {
            widen();
        }
        long from = Math.floorDiv(fromMs, widthMs);
        if (from < firstIndex) {
            shiftRight((int) (firstIndex - from));
        }
        used = (int) Math.max(used, Math.floorDiv(toMs, widthMs) - firstIndex + 1);
    }

    private long lastIndex() {
        return firstIndex + used - 1;
    }

    private TimeBucket bucketAt(long ms) {
        int i = (int) (Math.floorDiv(ms, widthMs) - firstIndex);
        if (buckets[i] == null) {
            buckets[i] = new TimeBucket();
        }
        return buckets[i];
    }

    private int nextFactor() {
        long leading = widthMs;
        while (leading % 10 == 0) {
            leading /= 10;
        }
        return leading == 1 ? 2 : 5;
    }

    /** Merges neighbouring buckets so each covers {@code factor} times as long. */
    private void widen() {
        int factor = nextFactor();
        long newFirst = Math.floorDiv(firstIndex, factor);
        TimeBucket[] merged = new TimeBucket[used];
        for (int i = 0; i < used; i++) {
            if (buckets[i] == null) {
                continue;
            }
            int j = (int) (Math.floorDiv(firstIndex + i, factor) - newFirst);
            if (merged[j] == null) {
                merged[j] = buckets[i];
            } else {
                merged[j].add(buckets[i]);
            }
            buckets[i] = null;
        }
        int newUsed = (int) (Math.floorDiv(lastIndex(), factor) - newFirst + 1);
        System.arraycopy(merged, 0, buckets, 0, newUsed);
        firstIndex = newFirst;
        used = newUsed;
        widthMs *= factor;
    }

    /** Makes room for {@code slots} earlier buckets: a row started before any seen so far. */
    private void shiftRight(int slots) {
        System.arraycopy(buckets, 0, buckets, slots, used);
        java.util.Arrays.fill(buckets, 0, slots, null);
        firstIndex -= slots;
        used += slots;
    }
}
