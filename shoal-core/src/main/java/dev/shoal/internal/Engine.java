package dev.shoal.internal;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Deadlines;
import dev.shoal.internal.cookie.CookieJar;
import dev.shoal.internal.dial.Dialer;
import dev.shoal.internal.dns.DnsClient;
import dev.shoal.internal.limit.Limiter;
import dev.shoal.internal.limit.Politeness;
import dev.shoal.internal.limit.RateLimiter;
import dev.shoal.internal.pipeline.Chain;
import dev.shoal.internal.pipeline.ConnectStage;
import dev.shoal.internal.pipeline.CookieStage;
import dev.shoal.internal.pipeline.ForwardProxyStage;
import dev.shoal.internal.pipeline.HostHoldStage;
import dev.shoal.internal.pipeline.LimitStage;
import dev.shoal.internal.pipeline.PoliteStage;
import dev.shoal.internal.pipeline.RedirectStage;
import dev.shoal.internal.pipeline.RetryStage;
import dev.shoal.internal.pipeline.RobotsStage;
import dev.shoal.internal.pipeline.Stage;
import dev.shoal.internal.pipeline.StartStage;
import dev.shoal.internal.pipeline.ValidateStage;
import dev.shoal.internal.pool.ConnectionFactory;
import dev.shoal.internal.pool.ConnectionPool;
import dev.shoal.internal.protocol.HttpProtocols;
import dev.shoal.internal.proxy.ProxyRoutes;
import dev.shoal.internal.robots.RobotsBody;
import dev.shoal.internal.robots.RobotsCache;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The client behind {@link dev.shoal.Shoal}: I/O threads, the pools, and the pipeline every request
 * passes, assembled here in one place:
 * validate → host hold → limits → redirects → robots.txt → retry → cookies → forwarding proxy → politeness
 * → connect (rate, pool) → exchange. The host hold, robots.txt and politeness stages are there when
 * {@link ShoalConfig#adaptToHosts()} or {@link ShoalConfig#robots()} asks for them.
 */
public final class Engine {
    private final ShoalConfig config;
    private final EventLoopGroup group;
    private final EventExecutor[] loops;
    private final DnsClient dns;
    private final Limiter limiter;
    private final Politeness politeness;
    private final ConnectionFactory connections;
    private final ConnectionPool pool;
    private final Chain pipeline;
    private final CookieJar cookieJar;  // null when the config has no cookies
    /** The client's own side requests (robots.txt): no permits, no robots.txt of their own, no retries. */
    private final Chain sidePipeline;
    private final Set<Call> live = ConcurrentHashMap.newKeySet();
    /** Every call's deadline, on one timer. */
    private final Deadlines deadlines;
    private volatile boolean closed;

    public Engine(ShoalConfig config) {
        this(config, UnaryOperator.identity());
    }

    /** As {@link #Engine(ShoalConfig)}, with each socket made through {@code sockets} (a seam for fault tests). */
    Engine(ShoalConfig config, UnaryOperator<ChannelFactory<? extends SocketChannel>> sockets) {
        this.config = config;
        int idleCap = FileLimit.idleCap(config);
        boolean epoll = Epoll.isAvailable();
        if (config.unixSocket() != null && !epoll) {
            throw new IllegalArgumentException("a Unix domain socket needs Netty's epoll transport (Linux), which does "
                    + "not load here: " + Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        ChannelFactory<? extends SocketChannel> socket = sockets.apply(epoll ? EpollSocketChannel::new : NioSocketChannel::new);
        Class<? extends DatagramChannel> datagram = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("shoal-io", true), io);
        List<EventExecutor> all = new ArrayList<>();
        group.forEach(all::add);
        this.loops = all.toArray(new EventExecutor[0]);
        this.deadlines = new Deadlines(loops[0], config.deadline().toNanos());
        this.dns = new DnsClient(config.dns(), io, datagram, socket);
        boolean polite = config.adaptToHosts() || config.robots();
        this.politeness = polite ? new Politeness(config.maxPerHost(), config.ratePerHost(),
                config.retry().maxRetryAfter().toNanos(), System::nanoTime) : null;
        this.limiter = new Limiter(config.maxInFlight(), config.maxPerHost(), politeness);
        ProxyRoutes proxies = new ProxyRoutes(config);
        this.connections = new ConnectionFactory(group, socket, new Dialer(dns, config.dns()), config, proxies,
                new HttpProtocols(config));
        this.pool = new ConnectionPool(connections,
                config.maxPerHost(), config.idleTimeout().toNanos(), idleCap, config.maxInFlight() + idleCap);
        this.cookieJar = config.cookies() ? new CookieJar(CookieJar.DEFAULT_MAX_COOKIES) : null;
        RateLimiter rate = new RateLimiter(config.ratePerHost(), config.globalRate());
        this.sidePipeline = Chain.of(sideStages(proxies, rate));
        this.pipeline = Chain.of(stages(config, proxies, rate));
    }

    private List<Stage> stages(ShoalConfig config, ProxyRoutes proxies, RateLimiter rate) {
        List<Stage> stages = new ArrayList<>();
        stages.add(new ValidateStage());
        if (politeness != null) {
            stages.add(new HostHoldStage(politeness));
        }
        stages.add(new LimitStage(limiter));
        stages.add(new RedirectStage());
        if (config.robots()) {
            stages.add(new RobotsStage(new RobotsCache(this::fetchRobots, config.userAgent(), System::nanoTime), politeness));
        }
        stages.add(new RetryStage());
        if (config.cookies()) {
            stages.add(new CookieStage(cookieJar));
        }
        if (!proxies.allDirect()) {
            stages.add(new ForwardProxyStage(proxies));
        }
        if (politeness != null) {
            stages.add(new PoliteStage(politeness, limiter, config.adaptToHosts()));
        }
        stages.add(new ConnectStage(pool, rate));
        return stages;
    }

    private List<Stage> sideStages(ProxyRoutes proxies, RateLimiter rate) {
        List<Stage> stages = new ArrayList<>(List.of(new StartStage(), new RedirectStage()));
        if (!proxies.allDirect()) {
            stages.add(new ForwardProxyStage(proxies));
        }
        if (politeness != null) {
            stages.add(new PoliteStage(politeness, limiter, config.adaptToHosts()));
        }
        stages.add(new ConnectStage(pool, rate));
        return stages;
    }

    /**
     * GETs {@code origin}'s robots.txt through this client, outside its limits, the body in memory up to the
     * part that is parsed (see {@link RobotsBody}), following redirects even when the client does not, as many as
     * it does but at least {@link RobotsCache#MIN_REDIRECTS}.
     */
    private CompletableFuture<Response> fetchRobots(Origin origin) {
        RobotsBody body = new RobotsBody();
        Request request = Request.builder(origin + "/robots.txt").sink(BodySink.subscriber(body)).build();
        int maxRedirects = Math.max(config.followRedirects() ? config.maxRedirects() : 0, RobotsCache.MIN_REDIRECTS);
        return run(new Call(request, config, group.next(), maxRedirects, deadlines), sidePipeline)
                .thenCompose(head -> body.bytes().thenApply(bytes -> ResponseBuilder.from(head).body(bytes).build()));
    }

    public ShoalConfig config() {
        return config;
    }

    /** The client's cookie jar; throws when the config keeps no cookies. */
    public CookieJar cookieJar() {
        if (cookieJar == null) {
            throw new IllegalStateException("this client keeps no cookies (cookies(false))");
        }
        return cookieJar;
    }

    /** The event loop running on the current thread, or null when the thread is not one of this client's. */
    EventExecutor currentLoop() {
        for (EventExecutor loop : loops) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return null;
    }

    public CompletableFuture<Response> send(Request request) {
        return call(request).result();
    }

    /** Sends {@code request} as {@link #send} does, and gives its call, for the caller to {@link #cancel} later. */
    Call call(Request request) {
        // at once, on the caller's thread: a call without a request could not even fail, and its future would never end
        Objects.requireNonNull(request, "request");
        Call call = new Call(request, config, group.next(), Call.redirectLimit(config), deadlines);
        run(call, pipeline);
        return call;
    }

    private CompletableFuture<Response> run(Call call, Chain pipeline) {
        if (closed) {
            call.fail(Internal.shoalException(ErrorKind.CANCELLED, "client is closed"));
            return call.result();
        }
        live.add(call);
        Live tracked = new Live(call);
        call.onEnd(tracked);
        pipeline.proceed(call, null).whenComplete(tracked);
        return call.result();
    }

    /**
     * A call in the live set: completed from the pipeline's result, and off the set when it ends.
     * One object for both callbacks, and a class, not lambdas: see this package's package-info.
     */
    private final class Live implements BiConsumer<Response, Throwable>, Runnable {
        private final Call call;

        Live(Call call) {
            this.call = call;
        }

        @Override
        public void accept(Response response, Throwable error) {
            call.complete(response, error);
        }

        @Override
        public void run() {
            live.remove(call);
        }
    }

    public CompletableFuture<List<Outcome>> gather(List<Request> requests) {
        return new GatherLoop(this, requests).start(config.maxInFlight());
    }

    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer, Runnable tick) throws InterruptedException {
        return new StreamLoop(this, config.maxInFlight(), tick).run(requests, consumer);
    }

    public int inFlight() {
        return limiter.inFlight();
    }

    /** Requests waiting, without permits, for a host that asked to be left alone until then. */
    public int heldRequests() {
        return politeness == null ? 0 : politeness.parkedRequests();
    }

    /** Origins with a pool now: bounded by activity, not by the hosts ever seen. */
    public int pooledOrigins() {
        return pool.origins();
    }

    public int openConnections() {
        return pool.openConnections();
    }

    /** Pooled connections open with no request on them (at most the idle cap). */
    public int idleConnections() {
        return pool.idleConnections();
    }

    /** Sockets the pools opened and have not closed yet. */
    public int sockets() {
        return pool.sockets();
    }

    /** Origins the limiter tracks now (with a request admitted or waiting). */
    public int limitedOrigins() {
        return limiter.trackedHosts();
    }

    /** Ends the calls in {@code calls} that are still running, as cancelled. */
    void cancel(Iterable<Call> calls) {
        for (Call c : calls) {
            c.fail(Internal.shoalException(ErrorKind.CANCELLED, "cancelled"));
        }
    }

    /**
     * Fails the calls in flight, then closes every connection with the event loops. The sockets are closed
     * whatever a step before throws: a client left with its connections open after close holds them against
     * the host's limit for whoever connects next (a restarted Flink task on another machine, say).
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Call c : live) {
                c.fail(Internal.shoalException(ErrorKind.CANCELLED, "client closed"));
            }
            dns.close();
            connections.closeAll(2_000);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
            connections.close();
        }
    }
}
