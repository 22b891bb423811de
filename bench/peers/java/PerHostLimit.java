import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most LIMIT requests in flight per origin; the others wait in their origin's queue (not in a thread) and start
 * as earlier ones of that origin end, in the thread that ended them. A request that cannot be parsed has an
 * origin of its own, so it starts and fails as the client makes it fail.
 */
class PerHostLimit {
    /** No limit: every request starts at once. */
    static final PerHostLimit NONE = new PerHostLimit(Integer.MAX_VALUE) {
        @Override
        void submit(String origin, Runnable start) {
            start.run();
        }

        @Override
        void done(String origin) {
        }

        @Override
        String originOf(String url) {
            return url;
        }
    };

    private final int limit;
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
    private final Map<String, Integer> active = new HashMap<>();

    PerHostLimit(int limit) {
        this.limit = limit;
    }

    String originOf(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    void submit(String origin, Runnable start) {
        synchronized (this) {
            int now = active.getOrDefault(origin, 0);
            if (now >= limit) {
                waiting.computeIfAbsent(origin, o -> new ArrayDeque<>()).add(start);
                return;
            }
            active.put(origin, now + 1);
        }
        start.run();
    }

    void done(String origin) {
        Runnable next;
        synchronized (this) {
            ArrayDeque<Runnable> queue = waiting.get(origin);
            next = queue == null ? null : queue.poll();
            if (queue != null && queue.isEmpty()) {
                waiting.remove(origin);
            }
            if (next == null) {
                int now = active.get(origin) - 1;
                if (now == 0) {
                    active.remove(origin);
                } else {
                    active.put(origin, now);
                }
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
