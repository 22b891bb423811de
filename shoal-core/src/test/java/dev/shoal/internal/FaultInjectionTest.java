package dev.shoal.internal;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.RetryPolicy;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.testkit.LatencyServer;
import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Failures injected at random at every stage of a request — the socket cannot be created (EMFILE) or
 * registered, the connect fails (no ephemeral port, refused), the write fails, the connection closes or
 * resets mid-read, the bytes are not HTTP, the body cannot be written to its sink — over many hosts with a
 * small idle cap. Whatever fails, every call ends (no deadline or read timeout is there to rescue one that
 * is stranded), every permit comes back, the pools forget every connection, and the idle cap and the socket
 * budget hold throughout.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(150)
class FaultInjectionTest {
    private static final int REQUESTS = 3000;
    private static final int HOSTS = 150;
    private static final int MAX_IN_FLIGHT = 48;
    private static final int MAX_IDLE = 12;

    private static LatencyServer server;

    @BeforeAll
    static void start() {
        server = LatencyServer.startOnEveryLoopbackAddress(1);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    enum Fault { CREATE, REGISTER, CONNECT_SHORTAGE, CONNECT_REFUSED, WRITE, CLOSE_MID_READ, RESET, NOT_HTTP, SINK }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyCallEndsAndEveryPermitReturns(long seed) throws Exception {
        Faults faults = new Faults(new Random(seed));
        ShoalConfig config = Shoal.builder()
                .maxInFlight(MAX_IN_FLIGHT)
                .maxPerHost(2)
                .maxIdleConnections(MAX_IDLE)
                .idleTimeout(Duration.ofMillis(300))
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ZERO)      // a stranded call must show as a hang, not as a timeout
                .deadline(Duration.ZERO)
                .retry(RetryPolicy.backoff(1))
                .config();
        Engine engine = new Engine(config, faults::wrap);
        try {
            Random pick = new Random(seed);
            Path missingDir = Path.of(System.getProperty("java.io.tmpdir"), "shoal-no-such-dir-" + seed, "sub");
            List<CompletableFuture<Outcome>> all = new ArrayList<>(REQUESTS);
            int maxIdleSeen = 0;
            int maxSocketsSeen = 0;
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (int i = 0; i < REQUESTS; i++) {
                int h = i % HOSTS;
                String url = "http://127.0.2." + (1 + h) + ":" + server.port() + "/delay/" + pick.nextInt(3);
                Request.Builder rb = Request.builder(url);
                if (pick.nextInt(40) == 0) {
                    faults.count(Fault.SINK);
                    rb.sink(BodySink.file(missingDir.resolve("body-" + i)));  // the sink cannot be written
                }
                Request r = rb.build();
                all.add(engine.send(r).handle((resp, err) -> Outcomes.of(r, resp, err)));
                while (engine.inFlight() >= MAX_IN_FLIGHT) {
                    if (System.nanoTime() > giveUp) {
                        fail("calls stranded (seed " + seed + "): " + engine.inFlight() + " in flight after "
                                + i + " sent, connections " + engine.openConnections());
                    }
                    maxIdleSeen = Math.max(maxIdleSeen, engine.idleConnections());
                    maxSocketsSeen = Math.max(maxSocketsSeen, engine.sockets());
                    Thread.sleep(0, 200_000);
                }
            }
            CompletableFuture<Void> every = CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
            try {
                every.get(Math.max(1, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stranded) {
                long open = all.stream().filter(f -> !f.isDone()).count();
                fail(open + " calls never ended (seed " + seed + "); in flight " + engine.inFlight()
                        + ", connections " + engine.openConnections());
            }

            Map<ErrorKind, Integer> kinds = new EnumMap<>(ErrorKind.class);
            int ok = 0;
            for (CompletableFuture<Outcome> f : all) {
                Outcome o = f.join();
                if (o instanceof Outcome.Success s) {
                    assertEquals(200, s.response().status());
                    ok++;
                } else {
                    Outcome.Failure failure = (Outcome.Failure) o;
                    kinds.merge(failure.kind(), 1, Integer::sum);
                    assertTrue(!failure.error().getMessage().contains("not registered"), failure.error().getMessage());
                }
            }
            String summary = "seed " + seed + ": " + ok + " ok, failures " + kinds + ", injected " + faults.injected();
            assertTrue(Set.of(ErrorKind.IO, ErrorKind.CONNECTION_CLOSED, ErrorKind.CONNECT_REFUSED, ErrorKind.PROTOCOL)
                    .containsAll(kinds.keySet()), summary);
            assertTrue(ok > REQUESTS / 2, summary);
            for (Fault f : Fault.values()) {
                assertTrue(faults.injected().getOrDefault(f, 0) > 0, "no " + f + " injected; " + summary);
            }

            summary += ", most idle " + maxIdleSeen + ", most sockets " + maxSocketsSeen;
            System.out.println(summary);
            assertEquals(0, engine.inFlight(), summary);
            assertEquals(0, engine.limitedOrigins(), summary);
            assertTrue(maxIdleSeen <= MAX_IDLE, "idle connections " + maxIdleSeen + "; " + summary);
            assertTrue(maxSocketsSeen <= MAX_IN_FLIGHT + MAX_IDLE, "sockets " + maxSocketsSeen + "; " + summary);
            // every connection is closed after its idle timeout and its pool forgets it: no count was leaked
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((engine.openConnections() > 0 || engine.pooledOrigins() > 0 || engine.sockets() > 0)
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(0, engine.openConnections(), summary);
            assertEquals(0, engine.pooledOrigins(), summary);
            assertEquals(0, engine.sockets(), summary);
        } finally {
            engine.close();
        }
    }

    /** Chooses a fault for each new socket, and counts what it injected. */
    private static final class Faults {
        private final Random random;
        private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

        Faults(Random random) {
            this.random = random;
        }

        synchronized void count(Fault f) {
            injected.merge(f, 1, Integer::sum);
        }

        synchronized Map<Fault, Integer> injected() {
            return new EnumMap<>(injected);
        }

        /** About one socket in three gets a fault: a sink fault is chosen per request, not here. */
        private synchronized Fault next() {
            if (random.nextInt(3) != 0) {
                return null;
            }
            Fault f = Fault.values()[random.nextInt(Fault.values().length - 1)];
            count(f);
            return f;
        }

        private synchronized int nextReads() {
            return random.nextInt(3);
        }

        ChannelFactory<? extends SocketChannel> wrap(ChannelFactory<? extends SocketChannel> real) {
            return () -> {
                Fault f = next();
                if (f == Fault.CREATE) {
                    throw new ChannelException(new IOException("newSocketStream(..) failed: Too many open files"));
                }
                if (f == Fault.REGISTER) {
                    return unregistrable();
                }
                SocketChannel ch = real.newChannel();
                if (f != null) {
                    ch.pipeline().addFirst("fault", new Injector(f, nextReads()));
                }
                return ch;
            };
        }
    }

    /** A socket that no event loop takes: its registration fails, and it never gets an event loop. */
    private static SocketChannel unregistrable() {
        return new NioSocketChannel() {
            @Override
            protected boolean isCompatible(EventLoop loop) {
                return false;
            }
        };
    }

    /** Sits next to the socket and fails one stage of the connection; read faults after a few good reads. */
    private static final class Injector extends ChannelDuplexHandler {
        private final Fault fault;
        private int readsLeft;

        Injector(Fault fault, int goodReads) {
            this.fault = fault;
            this.readsLeft = goodReads;
        }

        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            if (fault == Fault.CONNECT_SHORTAGE) {
                promise.setFailure(new ConnectException("connect(..) failed: Cannot assign requested address"));
            } else if (fault == Fault.CONNECT_REFUSED) {
                promise.setFailure(new ConnectException("connect(..) failed: Connection refused"));
            } else {
                ctx.connect(remote, local, promise);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (fault == Fault.WRITE) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("writev(..) failed: Broken pipe"));
                ctx.close();
            } else {
                ctx.write(msg, promise);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (readsLeft-- > 0 || fault == Fault.WRITE) {
                ctx.fireChannelRead(msg);
                return;
            }
            switch (fault) {
                case CLOSE_MID_READ -> {
                    ByteBuf b = (ByteBuf) msg;
                    ctx.fireChannelRead(b.readRetainedSlice(b.readableBytes() / 2));
                    b.release();
                    ctx.close();
                }
                case RESET -> {
                    ReferenceCountUtil.release(msg);
                    ctx.fireExceptionCaught(new IOException("recvAddress(..) failed: Connection reset by peer"));
                }
                case NOT_HTTP -> {
                    ReferenceCountUtil.release(msg);
                    ctx.fireChannelRead(Unpooled.copiedBuffer("SSH-2.0-OpenSSH_9.2\r\n\r\n", StandardCharsets.US_ASCII));
                }
                default -> ctx.fireChannelRead(msg);
            }
        }
    }
}
