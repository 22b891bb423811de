package dev.shoal.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on a loopback UDP port with a zone a test scripts: names with their addresses and TTL,
 * names that do not exist (NXDOMAIN), names that fail (SERVFAIL); and the ways a busy recursive resolver
 * misbehaves: it drops the first query of each name and type, or answers after a delay. It counts the
 * queries it received per name and the most it held at once (received, not yet answered), so a test can
 * check what a client sent. A name not in the zone is NXDOMAIN unless a suffix answers for it.
 *
 * <p>Run alone ({@code java -cp shoal.jar dev.shoal.testkit.DnsServer PORT SUFFIX ADDRESS [drop-first]})
 * it answers every name ending in SUFFIX with ADDRESS: the DNS half of a crawl over many host names.
 */
public final class DnsServer implements AutoCloseable {
    private record Entry(long ttlSeconds, List<InetAddress> addresses, DnsResponseCode code) {
    }

    private final EventLoopGroup group;
    private final Channel channel;
    private final Map<String, Entry> zone = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger maxHeld = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private volatile String suffix;
    private volatile Entry suffixEntry;
    private volatile boolean dropFirst;
    private volatile String dropFirstType;  // null: every type
    private volatile long delayNanos;

    private DnsServer(InetSocketAddress bindTo) {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dns-server", true), NioIoHandler.newFactory());
        try {
            channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<NioDatagramChannel>() {
                        @Override
                        protected void initChannel(NioDatagramChannel ch) {
                            ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answer());
                        }
                    })
                    .bind(bindTo).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** A server on 127.0.0.1, a free port. */
    public static DnsServer start() {
        return new DnsServer(new InetSocketAddress(ServerTransport.LOOPBACK, 0));
    }

    /** A server on this address (port 53 of a network namespace, for a resolv.conf to name). */
    public static DnsServer start(InetSocketAddress bindTo) {
        return new DnsServer(bindTo);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** {@code name} has these addresses (IPv4 and IPv6 literals: A and AAAA records), cached for {@code ttl}. */
    public DnsServer add(String name, Duration ttl, String... addresses) {
        zone.put(key(name), entry(ttl, addresses));
        return this;
    }

    /** Every name ending in {@code suffix} (e.g. {@code ".test"}) that the zone does not list has these addresses. */
    public DnsServer addSuffix(String suffix, Duration ttl, String... addresses) {
        this.suffixEntry = entry(ttl, addresses);
        this.suffix = key(suffix);
        return this;
    }

    /** Answers {@code name} with NXDOMAIN: it does not exist. */
    public DnsServer nxdomain(String name) {
        zone.put(key(name), new Entry(0, List.of(), DnsResponseCode.NXDOMAIN));
        return this;
    }

    /** Answers {@code name} with SERVFAIL, as a resolver whose upstream failed. */
    public DnsServer servfail(String name) {
        zone.put(key(name), new Entry(0, List.of(), DnsResponseCode.SERVFAIL));
        return this;
    }

    /** Drops the first query of each name and record type, as a busy resolver loses a packet; later ones are answered. */
    public DnsServer dropFirstQuery(boolean drop) {
        this.dropFirst = drop;
        return this;
    }

    /** Drops the first query of each name for this record type only ("A", "AAAA"): one family's packet lost. */
    public DnsServer dropFirstQuery(String recordType) {
        this.dropFirstType = recordType;
        this.dropFirst = true;
        return this;
    }

    /** Answers each query after this long. */
    public DnsServer delay(Duration d) {
        this.delayNanos = d.toNanos();
        return this;
    }

    /** Queries received for {@code name}, any type, dropped ones included. */
    public int queries(String name) {
        AtomicInteger n = queries.get(key(name));
        return n == null ? 0 : n.get();
    }

    /** Queries received in all. */
    public int received() {
        return received.get();
    }

    /** The most queries held at once: received and not yet answered (a dropped query is not held). */
    public int maxConcurrent() {
        return maxHeld.get();
    }

    private static Entry entry(Duration ttl, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            InetAddress ip = NetUtil.createInetAddressFromIpAddressString(a);
            if (ip == null) throw new IllegalArgumentException("not an IP address: " + a);
            list.add(ip);
        }
        return new Entry(ttl.toSeconds(), list, DnsResponseCode.NOERROR);
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private final class Answer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            received.incrementAndGet();
            DnsQuestion q = query.recordAt(DnsSection.QUESTION);
            if (q == null) {
                return;
            }
            String name = key(q.name());
            queries.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            String dropType = dropFirstType;
            if (dropFirst && (dropType == null || dropType.equals(q.type().name())) && seen.add(name + "/" + q.type().name())) {
                return;
            }
            DatagramDnsResponse response = response(query, q, name);
            int now = held.incrementAndGet();
            maxHeld.accumulateAndGet(now, Math::max);
            long delay = delayNanos;
            if (delay > 0) {
                ctx.executor().schedule(() -> send(ctx, response), delay, TimeUnit.NANOSECONDS);
            } else {
                send(ctx, response);
            }
        }

        private void send(ChannelHandlerContext ctx, DatagramDnsResponse response) {
            held.decrementAndGet();
            ctx.writeAndFlush(response);
        }

        private DatagramDnsResponse response(DatagramDnsQuery query, DnsQuestion q, String name) {
            Entry e = zone.get(name);
            String s = suffix;
            if (e == null && s != null && (name.endsWith(s) || ("." + name).equals(s))) {
                e = suffixEntry;
            }
            DnsResponseCode code = e == null ? DnsResponseCode.NXDOMAIN : e.code();
            DatagramDnsResponse r = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(), DnsOpCode.QUERY, code);
            r.setAuthoritativeAnswer(true).setRecursionAvailable(true).setRecursionDesired(query.isRecursionDesired());
            r.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.name(), q.type()));
            if (e != null && code == DnsResponseCode.NOERROR) {
                for (InetAddress a : e.addresses()) {
                    boolean match = q.type() == DnsRecordType.A ? a instanceof Inet4Address
                            : q.type() == DnsRecordType.AAAA && a instanceof Inet6Address;
                    if (match) {
                        r.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), q.type(), e.ttlSeconds(),
                                Unpooled.wrappedBuffer(a.getAddress())));
                    }
                }
            }
            return r;
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: DnsServer PORT SUFFIX ADDRESS [drop-first] [bind-address]");
            System.exit(2);
        }
        InetAddress bind = args.length > 4 ? NetUtil.createInetAddressFromIpAddressString(args[4]) : ServerTransport.LOOPBACK;
        DnsServer server = start(new InetSocketAddress(bind, Integer.parseInt(args[0])))
                .addSuffix(args[1], Duration.ofSeconds(300), args[2])
                .dropFirstQuery(args.length > 3 && args[3].equals("drop-first"));
        System.err.println("dns server on " + server.address());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("dns server: " + server.received() + " queries")));
        Thread.currentThread().join();
    }
}
