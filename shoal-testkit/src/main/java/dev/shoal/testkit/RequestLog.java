package dev.shoal.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** The requests a server received: counts per path, and the most recent ones for {@code takeRequest}. */
final class RequestLog {
    static final int CAPACITY = 10_000;

    private final LinkedBlockingDeque<RecordedRequest> recent = new LinkedBlockingDeque<>(CAPACITY);
    private final Map<String, LongAdder> countsByPath = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void record(RecordedRequest request) {
        total.increment();
        countsByPath.computeIfAbsent(request.path(), p -> new LongAdder()).increment();
        while (!recent.offerLast(request)) {
            recent.pollFirst(); // full: the oldest request gives way
        }
    }

    long total() {
        return total.sum();
    }

    long countWithPrefix(String pathPrefix) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : countsByPath.entrySet()) {
            if (e.getKey().startsWith(pathPrefix)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    RecordedRequest take(long timeout, TimeUnit unit) throws InterruptedException {
        return recent.pollFirst(timeout, unit);
    }

    void clear() {
        recent.clear();
        countsByPath.clear();
        total.reset();
    }
}
