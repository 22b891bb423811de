package dev.shoal.internal.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names the DNS said do not exist (NXDOMAIN), each for a while: a crawl with many URLs of a dead host asks
 * once. Bounded: past {@code maxNames}, the oldest entry goes. A timeout or a server failure never enters.
 */
final class NegativeCache {
    private final long ttlNanos;
    private final Map<String, Long> expiry;

    NegativeCache(long ttlNanos, int maxNames) {
        this.ttlNanos = ttlNanos;
        this.expiry = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxNames;
            }
        };
    }

    synchronized void add(String name, long nowNanos) {
        expiry.remove(name);  // re-inserted last, so that the oldest entry stays first
        expiry.put(name, nowNanos + ttlNanos);
    }

    synchronized boolean contains(String name, long nowNanos) {
        Long until = expiry.get(name);
        if (until == null) {
            return false;
        }
        if (until - nowNanos <= 0) {
            expiry.remove(name);
            return false;
        }
        return true;
    }
}
