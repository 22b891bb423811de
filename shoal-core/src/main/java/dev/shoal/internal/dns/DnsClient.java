package dev.shoal.internal.dns;

import dev.shoal.DnsConfig;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCnameCache;
import io.netty.resolver.dns.DnsCache;
import io.netty.resolver.dns.DnsCacheEntry;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Host names to addresses by DNS, fit for a crawl over many names: Netty's resolver, with what it lacks.
 * <ul>
 * <li>Retransmission: Netty asks each server once per resolve, then fails. Here a resolve that timed out (or
 * got SERVFAIL) runs again with a resolver whose query timeout is twice as long, up to the configured attempts,
 * as glibc retries a lost packet.</li>
 * <li>A cap on queries in flight ({@link QueryLimiter}): a crawl's burst of new names does not flood the
 * server, which would then drop queries.</li>
 * <li>Caches: answers for their TTL (at most {@link #MAX_TTL_SECONDS}) in a bounded {@link AnswerCache}, shared by the attempts; NXDOMAIN in a
 * {@link NegativeCache}; nothing for a timeout or SERVFAIL (Netty caches failures without telling why, so its
 * own negative cache stays off).</li>
 * <li>One resolve per name at a time: the requests for a name being resolved wait for that one.</li>
 * <li>A and AAAA asked and retransmitted each on its own: Netty's resolve of both families succeeds as soon as
 * one answers, so one lost packet would leave a name with one family only (cached for its TTL), and a name whose
 * other family is dead could not be reached.</li>
 * </ul>
 */
public final class DnsClient implements AutoCloseable {
    static final int MAX_TTL_SECONDS = 600;
    static final int MAX_NAMES_CACHED = 100_000;
    static final long NXDOMAIN_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final DnsConfig config;
    private final IoHandlerFactory io;
    private final Class<? extends DatagramChannel> datagram;
    private final ChannelFactory<? extends SocketChannel> tcp;
    private final DnsCache cache = new AnswerCache(MAX_NAMES_CACHED, MAX_TTL_SECONDS, System::nanoTime);
    private final QueryLimiter limiter;
    private final NegativeCache nxdomains = new NegativeCache(NXDOMAIN_TTL_NANOS, 100_000);
    private final Map<String, CompletableFuture<List<InetAddress>>> inProgress = new ConcurrentHashMap<>();
    private volatile Resolvers resolvers;  // made on the first name to resolve: a client of IP addresses needs no socket
    private boolean closed;

    /** The thread and Netty resolvers: per address family asked, one per attempt, each with its query timeout. */
    private record Resolvers(EventLoopGroup group, List<DnsNameResolver[]> families, long[] timeoutsMillis) {
        int queriesPerName() {
            return families.size();
        }
    }

    public DnsClient(DnsConfig config, IoHandlerFactory io, Class<? extends DatagramChannel> datagram,
                     ChannelFactory<? extends SocketChannel> tcp) {
        this.config = config;
        this.io = io;
        this.datagram = datagram;
        this.tcp = tcp;
        this.limiter = new QueryLimiter(config.maxQueriesInFlight());
    }

    /**
     * The resolvers, made once. They run on a thread of their own: a query's timeout then measures the server's
     * silence, not the time the connections' busy event loops took to read its answer.
     */
    private Resolvers resolvers() {
        Resolvers r = resolvers;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (resolvers == null) {
                if (closed) {
                    throw new IllegalStateException("closed");
                }
                resolvers = newResolvers();
            }
            return resolvers;
        }
    }

    private Resolvers newResolvers() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("shoal-dns", true), io);
        EventLoop loop = group.next();
        DefaultDnsCnameCache cnames = new DefaultDnsCnameCache(0, MAX_TTL_SECONDS);
        long[] timeouts = new long[config.attempts()];
        long timeout = Math.max(1, config.queryTimeout().toMillis());
        for (int i = 0; i < timeouts.length; i++) {
            timeouts[i] = timeout;
            timeout = Math.min(timeout * 2, TimeUnit.MINUTES.toMillis(1));
        }
        List<DnsNameResolver[]> families = new ArrayList<>(2);
        for (ResolvedAddressTypes family : families(addressTypes())) {
            DnsNameResolver[] attempts = new DnsNameResolver[timeouts.length];
            for (int i = 0; i < attempts.length; i++) {
                attempts[i] = new DnsNameResolverBuilder(loop)
                        .datagramChannelType(datagram)
                        .socketChannelFactory(tcp)  // a truncated answer is asked again over TCP
                        .resolveCache(cache)
                        .cnameCache(cnames)
                        .resolvedAddressTypes(family)
                        .queryTimeoutMillis(timeouts[i])
                        .nameServerProvider(config.servers().isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                                : new SequentialDnsServerAddressStreamProvider(config.servers()))
                        .build();
            }
            families.add(attempts);
        }
        return new Resolvers(group, families, timeouts);
    }

    /** The single-family resolves that make up {@code types}, the preferred family first. */
    static List<ResolvedAddressTypes> families(ResolvedAddressTypes types) {
        return switch (types) {
            case IPV4_ONLY -> List.of(ResolvedAddressTypes.IPV4_ONLY);
            case IPV6_ONLY -> List.of(ResolvedAddressTypes.IPV6_ONLY);
            case IPV4_PREFERRED -> List.of(ResolvedAddressTypes.IPV4_ONLY, ResolvedAddressTypes.IPV6_ONLY);
            case IPV6_PREFERRED -> List.of(ResolvedAddressTypes.IPV6_ONLY, ResolvedAddressTypes.IPV4_ONLY);
        };
    }

    /**
     * Both families unless this JVM speaks IPv4 only. Netty's default asks A alone on a machine whose only IPv6
     * addresses are loopback or link-local, and then a name with only AAAA records (::1 among them) cannot be
     * reached at all; curl asks both and lets the connection attempts decide ({@code AddressOrder}).
     */
    static ResolvedAddressTypes addressTypes() {
        if (NetUtil.isIpV4StackPreferred()) {
            return ResolvedAddressTypes.IPV4_ONLY;
        }
        return NetUtil.isIpV6AddressesPreferred() ? ResolvedAddressTypes.IPV6_PREFERRED : ResolvedAddressTypes.IPV4_PREFERRED;
    }

    /**
     * The addresses of {@code host} (an IP literal is its own address). Fails with a {@link NoSuchHostException}
     * when the name does not exist, an {@link UnknownHostException} when no answer came after every attempt.
     */
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        if (literal != null) {
            return CompletableFuture.completedFuture(List.of(literal));
        }
        String name = host.toLowerCase(Locale.ROOT);
        List<InetAddress> cached = cached(name);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        if (nxdomains.contains(name, System.nanoTime())) {
            return CompletableFuture.failedFuture(noSuchHost(name));
        }
        CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
        CompletableFuture<List<InetAddress>> running = inProgress.putIfAbsent(name, mine);
        if (running != null) {
            return running;
        }
        Resolvers r;
        try {
            r = resolvers();
        } catch (RuntimeException e) {
            inProgress.remove(name, mine);
            mine.completeExceptionally(new UnknownHostException(name + ": DNS resolver unavailable (" + e.getMessage() + ")"));
            return mine;
        }
        limiter.acquire(r.queriesPerName()).whenComplete((granted, e) -> {
            List<CompletableFuture<List<InetAddress>>> parts = new ArrayList<>(r.queriesPerName());
            Throwable[] noAddress = new Throwable[1];
            for (DnsNameResolver[] family : r.families()) {
                CompletableFuture<List<InetAddress>> part = new CompletableFuture<>();
                parts.add(part);
                attempt(r, family, name, 0, part, noAddress);
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .whenComplete((all, failed) -> finish(r, name, parts, noAddress[0], mine));
        });
        return mine;
    }

    /** Addresses in the cache for {@code name}, or null: a name answered a moment ago needs no permit. */
    private List<InetAddress> cached(String name) {
        List<? extends DnsCacheEntry> entries = cache.get(name, null);
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        List<InetAddress> addresses = new ArrayList<>(entries.size());
        for (DnsCacheEntry e : entries) {
            if (e.address() == null) {
                return null;
            }
            addresses.add(e.address());
        }
        return addresses;
    }

    /**
     * One family's resolve, asked again while it goes unanswered, as long as attempts remain. A name with no
     * address of this family (the common AAAA case) gives an empty list, not a failure: most names have one
     * family only, and an exception each would cost more than the query.
     */
    private void attempt(Resolvers r, DnsNameResolver[] family, String name, int attempt,
                         CompletableFuture<List<InetAddress>> part, Throwable[] noAddress) {
        family[attempt].resolveAll(name).addListener((Future<List<InetAddress>> f) -> {
            Throwable cause = f.cause();
            if (cause == null) {
                part.complete(f.getNow());
            } else if (isNxdomain(cause)) {
                part.completeExceptionally(noSuchHost(name));
            } else if (!isWorthAnotherAttempt(cause)) {
                synchronized (noAddress) {
                    if (noAddress[0] == null) {
                        noAddress[0] = cause;
                    }
                }
                part.complete(List.of());
            } else if (attempt + 1 < family.length) {
                attempt(r, family, name, attempt + 1, part, noAddress);
            } else {
                part.completeExceptionally(unanswered(name, r.timeoutsMillis(), attempt + 1, cause));
            }
        });
    }

    /**
     * The addresses of every family that gave some. With none: NXDOMAIN if a family heard it, else an unanswered
     * query, else "no address" (the name exists but has no address of the families asked).
     */
    private void finish(Resolvers r, String name, List<CompletableFuture<List<InetAddress>>> parts, Throwable noAddress,
                        CompletableFuture<List<InetAddress>> result) {
        List<InetAddress> addresses = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<List<InetAddress>> part : parts) {
            Throwable cause = part.handle((answer, e) -> e).getNow(null);
            if (cause == null) {
                addresses.addAll(part.getNow(List.of()));
            } else if (failure == null || cause instanceof NoSuchHostException) {
                failure = cause;
            }
        }
        if (addresses.isEmpty() && failure == null) {
            failure = noAddress != null ? unanswered(name, r.timeoutsMillis(), 1, noAddress)
                    : new UnknownHostException(name + ": no address");
        }
        if (addresses.isEmpty() && failure instanceof NoSuchHostException) {
            nxdomains.add(name, System.nanoTime());
        }
        limiter.release(r.queriesPerName());
        // off the list before anyone hears the outcome: a request retried at once must start a new resolve
        inProgress.remove(name, result);
        if (!addresses.isEmpty()) {
            result.complete(addresses);
        } else {
            result.completeExceptionally(failure);
        }
    }

    /** Whether asking again may help: the query went unanswered, or the server failed for now. */
    static boolean isWorthAnotherAttempt(Throwable t) {
        return DnsNameResolver.isTransportOrTimeoutError(t) || responseCode(t) == DnsResponseCode.SERVFAIL;
    }

    static boolean isNxdomain(Throwable t) {
        return responseCode(t) == DnsResponseCode.NXDOMAIN;
    }

    private static DnsResponseCode responseCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DnsErrorCauseException dns) {
                return dns.getCode();
            }
        }
        return null;
    }

    private static NoSuchHostException noSuchHost(String name) {
        return new NoSuchHostException(name + ": no such name (NXDOMAIN)");
    }

    private static UnknownHostException unanswered(String name, long[] timeoutsMillis, int tried, Throwable cause) {
        String why;
        if (DnsNameResolver.isTimeoutError(cause)) {
            StringBuilder waits = new StringBuilder();
            for (int i = 0; i < tried; i++) {
                waits.append(i == 0 ? "" : ", ").append(timeoutsMillis[i]).append(" ms");
            }
            why = "no answer from the DNS server after " + tried + (tried == 1 ? " attempt (" : " attempts (") + waits + ")";
        } else if (responseCode(cause) == DnsResponseCode.SERVFAIL) {
            why = "the DNS server failed (SERVFAIL) " + tried + (tried == 1 ? " time" : " times");
        } else {
            why = "no address (" + firstLine(cause) + ")";
        }
        UnknownHostException e = new UnknownHostException(name + ": " + why);
        e.initCause(cause);
        return e;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    /** The address families asked for a name (for tests: Netty's default depends on the machine's interfaces). */
    List<ResolvedAddressTypes> familiesAsked() {
        return resolvers().families().stream().map(f -> f[0].resolvedAddressTypes()).toList();
    }

    /** Queries' permits held now (for tests). */
    int permitsInUse() {
        return limiter.inUse();
    }

    @Override
    public void close() {
        Resolvers r;
        synchronized (this) {
            closed = true;
            r = resolvers;
        }
        if (r != null) {
            for (DnsNameResolver[] family : r.families()) {
                for (DnsNameResolver a : family) {
                    a.close();
                }
            }
            r.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
