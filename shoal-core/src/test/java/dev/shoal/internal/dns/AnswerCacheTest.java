package dev.shoal.internal.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Answers kept for their TTL (capped), one name however it is spelt, at most so many names. */
class AnswerCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private List<InetAddress> addresses(AnswerCache cache, String name) {
        var entries = cache.get(name, null);
        return entries == null ? null : entries.stream().map(e -> e.address()).toList();
    }

    @Test
    void anAnswerLastsItsTtlCappedByTheMaximum() throws Exception {
        AnswerCache cache = new AnswerCache(10, 60, now::get);
        cache.cache("a.test.", null, ip("10.0.0.1"), 30, null);
        cache.cache("b.test.", null, ip("10.0.0.2"), 3_600, null);  // capped to 60 s
        now.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertEquals(List.of(ip("10.0.0.1")), addresses(cache, "a.test"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertNull(addresses(cache, "a.test"));
        assertEquals(List.of(ip("10.0.0.2")), addresses(cache, "B.Test."));
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertNull(addresses(cache, "b.test"));
        assertEquals(0, cache.size());
    }

    @Test
    void bothFamiliesOfANameAreKeptAndARepeatedAddressOnce() throws Exception {
        AnswerCache cache = new AnswerCache(10, 600, now::get);
        cache.cache("a.test", null, ip("10.0.0.1"), 300, null);
        cache.cache("a.test", null, ip("::1"), 300, null);
        cache.cache("a.test", null, ip("10.0.0.1"), 300, null);
        assertEquals(List.of(ip("::1"), ip("10.0.0.1")), addresses(cache, "a.test"));
    }

    @Test
    void noLifetimeAndFailuresAreNeverKept() throws Exception {
        AnswerCache cache = new AnswerCache(10, 600, now::get);
        cache.cache("a.test", null, ip("10.0.0.1"), 0, null);
        cache.cache("b.test", null, new java.net.UnknownHostException("b.test"), null);
        assertNull(addresses(cache, "a.test"));
        assertNull(addresses(cache, "b.test"));
        assertEquals(0, cache.size());
    }

    @Test
    void pastTheBoundTheLeastRecentlyUsedNameGoes() throws Exception {
        AnswerCache cache = new AnswerCache(3, 600, now::get);
        for (int i = 1; i <= 3; i++) {
            cache.cache("n" + i + ".test", null, ip("10.0.0." + i), 300, null);
        }
        addresses(cache, "n1.test");  // n1 used: n2 is now the least recently used
        cache.cache("n4.test", null, ip("10.0.0.4"), 300, null);
        assertEquals(3, cache.size());
        assertNull(addresses(cache, "n2.test"));
        assertEquals(List.of(ip("10.0.0.1")), addresses(cache, "n1.test"));
        assertEquals(List.of(ip("10.0.0.4")), addresses(cache, "n4.test"));
    }
}
