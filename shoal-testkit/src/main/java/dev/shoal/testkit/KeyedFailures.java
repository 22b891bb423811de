package dev.shoal.testkit;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes that fail the first N requests carrying a key, then succeed: for retry tests. The key lets
 * several tests share one server without seeing each other's attempts.
 */
final class KeyedFailures {
    private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();

    /** {@code /retry-after?key=K&times=N&after=S[&status=503][&date=1]}. */
    void retryAfter(Exchange ex) {
        if (!failsThisTime("retry-after", ex)) {
            ex.sendText(200, "recovered\n");
            return;
        }
        long seconds = Math.max(0, ex.query("after", 1));
        long status = ex.query("status", 503);
        String retryAfter = ex.query("date", 0) == 1
                ? DateFormatter.format(new Date(System.currentTimeMillis() + seconds * 1000))
                : Long.toString(seconds);
        FullHttpResponse response = Exchange.response((int) status,
                ("retry after " + retryAfter + "\n").getBytes(StandardCharsets.US_ASCII));
        response.headers()
                .set(HttpHeaderNames.RETRY_AFTER, retryAfter)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        ex.send(response);
    }

    /** {@code /flaky?key=K&times=N}: the first N requests are reset without an answer. */
    void flaky(Exchange ex) {
        if (failsThisTime("flaky", ex)) {
            ex.reset();
        } else {
            ex.sendText(200, "recovered\n");
        }
    }

    private boolean failsThisTime(String route, Exchange ex) {
        String key = route + '\n' + ex.query("key", "");
        long times = ex.query("times", 1);
        return attempts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet() <= times;
    }
}
