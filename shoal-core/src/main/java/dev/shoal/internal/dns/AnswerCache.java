package dev.shoal.internal.dns;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.resolver.dns.DnsCache;
import io.netty.resolver.dns.DnsCacheEntry;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The addresses of names answered lately, each for its TTL (capped), for Netty's resolvers to share. Unlike
 * Netty's {@code DefaultDnsCache} it is bounded, so that a crawl over millions of names keeps flat memory
 * (past {@code maxNames} the least recently used name goes), and an answer expires when it is next read instead
 * of through a task scheduled per address. Failures are never kept: NXDOMAIN has a cache of its own and a
 * timeout is worth asking again.
 */
final class AnswerCache implements DnsCache {
    private record Entry(InetAddress address, long expiresAtNanos) implements DnsCacheEntry {
        @Override
        public Throwable cause() {
            return null;
        }
    }

    private final long maxTtlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, List<Entry>> names;

    AnswerCache(int maxNames, long maxTtlSeconds, LongSupplier nanoClock) {
        this.maxTtlNanos = TimeUnit.SECONDS.toNanos(maxTtlSeconds);
        this.nanoClock = nanoClock;
        this.names = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Entry>> eldest) {
                return size() > maxNames;
            }
        };
    }

    @Override
    public synchronized List<? extends DnsCacheEntry> get(String hostname, DnsRecord[] additionals) {
        if (!isPlain(additionals)) {
            return null;
        }
        String key = key(hostname);
        List<Entry> entries = names.get(key);
        if (entries == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        entries.removeIf(e -> e.expiresAtNanos() - now <= 0);
        if (entries.isEmpty()) {
            names.remove(key);
            return null;
        }
        return List.copyOf(entries);
    }

    @Override
    public synchronized DnsCacheEntry cache(String hostname, DnsRecord[] additionals, InetAddress address,
                                            long originalTtl, EventLoop loop) {
        long now = nanoClock.getAsLong();
        Entry entry = new Entry(address, now + Math.min(maxTtlNanos, TimeUnit.SECONDS.toNanos(Math.max(0, originalTtl))));
        if (originalTtl <= 0 || !isPlain(additionals)) {
            return entry;  // nothing to keep: an answer with no lifetime is used once
        }
        List<Entry> entries = names.computeIfAbsent(key(hostname), k -> new ArrayList<>(2));
        entries.removeIf(e -> e.expiresAtNanos() - now <= 0 || e.address().equals(address));
        entries.add(entry);
        return entry;
    }

    @Override
    public DnsCacheEntry cache(String hostname, DnsRecord[] additionals, Throwable cause, EventLoop loop) {
        return new DnsCacheEntry() {
            @Override
            public InetAddress address() {
                return null;
            }

            @Override
            public Throwable cause() {
                return cause;
            }
        };
    }

    @Override
    public synchronized void clear() {
        names.clear();
    }

    @Override
    public synchronized boolean clear(String hostname) {
        return names.remove(key(hostname)) != null;
    }

    synchronized int size() {
        return names.size();
    }

    /** "Example.COM." and "example.com" are one name. */
    private static String key(String hostname) {
        String lower = hostname.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Answers obtained with extra records (EDNS client subnet and the like) are for that query alone. */
    private static boolean isPlain(DnsRecord[] additionals) {
        return additionals == null || additionals.length == 0;
    }
}
