package dev.shoal.internal.pool;

import dev.shoal.Headers;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.cli.fetch.RequestTemplate;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.Calls;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.internal.cookie.CookieJar;
import dev.shoal.internal.dial.Dialer;
import dev.shoal.internal.http1.Http1Connection;
import dev.shoal.internal.limit.Limiter;
import dev.shoal.internal.limit.RateLimiter;
import dev.shoal.internal.pipeline.Chain;
import dev.shoal.internal.pipeline.ConnectStage;
import dev.shoal.internal.pipeline.CookieStage;
import dev.shoal.internal.pipeline.LimitStage;
import dev.shoal.internal.pipeline.RedirectStage;
import dev.shoal.internal.pipeline.RetryStage;
import dev.shoal.internal.pipeline.Stage;
import dev.shoal.internal.pipeline.ValidateStage;
import dev.shoal.internal.protocol.HttpProtocols;
import dev.shoal.internal.proxy.ProxyRoutes;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import dev.shoal.rows.InputLine;
import dev.shoal.rows.Row;
import dev.shoal.rows.RowWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One whole request without a socket: the engine's pipeline (validate, limits, redirects, retry, cookies,
 * connect) on a pooled keep-alive {@link Http1Connection} whose channel is an {@link EmbeddedChannel}; the
 * request bytes it writes are dropped, nginx's response bytes are fed back. Everything the engine does per
 * request runs, on the benchmark's thread (an embedded channel's event loop is the caller's thread), except
 * the socket reads and writes, the event-loop hand-offs and {@code StreamLoop}'s queue.
 */
@Warmup(iterations = 8, time = 1)  // the whole path takes longer to compile
public class OneRequestBenchmark extends ShortRun {
    private final ShoalConfig config = Samples.CONFIG;
    private EmbeddedChannel channel;
    private Http1Connection connection;
    /** The same connection seen as the pool sees it (its bookkeeping is the pool package's). */
    private Connection slot;
    private Chain pipeline;
    private Request request;
    private final RequestTemplate template = new RequestTemplate(null, Headers.empty(), null, false, null);
    private RowWriter rows;
    private long index;

    @Setup
    public void setUp() throws IOException, ReflectiveOperationException {
        request = Request.get(Samples.URL);
        Origin origin = Hop.of(request).origin();
        channel = new EmbeddedChannel();
        connection = new Http1Connection(channel, origin, config);
        connection.addHandlers(channel.pipeline());
        slot = connection;
        pipeline = Chain.of(stages(pooled(origin, slot)));
        rows = new RowWriter(OutputStream.nullOutputStream(), false, false);
    }

    @TearDown
    public void tearDown() throws IOException {
        rows.close();
        channel.finishAndReleaseAll();
    }

    /** The HTTP/1.1 exchange alone: the hop's request written, the response read, the connection given back. */
    @Benchmark
    public Response exchange() {
        Hop hop = Hop.of(request);
        Call call = Calls.newCall(request, config, channel.eventLoop());
        slot.inUse++;  // the slot the pool's acquire takes
        CompletableFuture<Response> response = connection.exchange(call, hop);
        serverAnswers();
        return response.getNow(null);
    }

    /** {@code Engine.send}: a request through every stage of the pipeline to its response. */
    @Benchmark
    public Response send() {
        CompletableFuture<Response> response = send(request);
        return response.getNow(null);
    }

    /** What {@code shoal fetch} does per input line: parse it, send it, write its row. */
    @Benchmark
    public void lineToRow() throws IOException {
        long i = index++;
        Request r = template.build(i, (InputLine.Spec) InputLine.parse(Samples.URL));
        CompletableFuture<Response> f = send(r);
        Outcome outcome = Outcomes.of(r, f.getNow(null), null);
        rows.write(Row.of(i, outcome));
    }

    private CompletableFuture<Response> send(Request r) {
        Call call = Calls.newCall(r, config, channel.eventLoop());
        pipeline.proceed(call, null).whenComplete(call::complete);
        serverAnswers();
        if (!call.result().isDone()) {
            throw new IllegalStateException("no response: the embedded exchange is out of step");
        }
        return call.result();
    }

    /** Drops the request bytes written and feeds nginx's response, as a socket read would deliver it. */
    private void serverAnswers() {
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            written.release();
        }
        byte[] bytes = Samples.NGINX_RESPONSE;
        channel.writeInbound(channel.alloc().directBuffer(bytes.length).writeBytes(bytes));
    }

    /** The stages {@code Engine} assembles for these settings (no proxy). */
    private List<Stage> stages(ConnectionPool pool) {
        List<Stage> stages = new ArrayList<>(List.of(
                new ValidateStage(),
                new LimitStage(new Limiter(config.maxInFlight(), config.maxPerHost())),
                new RedirectStage(),
                new RetryStage()));
        if (config.cookies()) {
            stages.add(new CookieStage(new CookieJar(CookieJar.DEFAULT_MAX_COOKIES)));
        }
        stages.add(new ConnectStage(pool, new RateLimiter(config.ratePerHost())));
        return stages;
    }

    /**
     * A client pool holding {@code c} as an idle keep-alive connection to {@code origin}, as after its first
     * exchange: the pool's own connect path opens sockets, so its bookkeeping is set here by hand.
     */
    private ConnectionPool pooled(Origin origin, Connection c) throws ReflectiveOperationException {
        ConnectionFactory factory = new ConnectionFactory(channel.eventLoop(), NioSocketChannel::new,
                new Dialer(null, config.dns()), config, new ProxyRoutes(config), new HttpProtocols(config));  // never connects
        long idle = config.idleTimeout().toNanos();
        ConnectionPool pool = new ConnectionPool(factory, config.maxPerHost(), idle, config.maxInFlight(), 2 * config.maxInFlight());
        OriginPool originPool = new OriginPool(origin, pool, config.maxPerHost(), idle);
        @SuppressWarnings("unchecked")
        Map<Origin, OriginPool> pools = (Map<Origin, OriginPool>) field(ConnectionPool.class, "pools").get(pool);
        pools.put(origin, originPool);
        field(OriginPool.class, "open").setInt(originPool, 1);
        c.attach(originPool);
        c.inUse = 1;
        originPool.release(c, true);
        return pool;
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
