package dev.shoal.testkit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean in-process HTTP/1.1 server on 127.0.0.1 for the demo and benchmarks: {@code GET /delay/{ms}}
 * (optional {@code ?bytes=N}, default 32 bytes) answers 200 after ms milliseconds without holding a
 * thread; any other path answers 200 at once. Keep-alive, Content-Length, pre-encoded responses.
 *
 * <pre>{@code
 * try (LatencyServer server = LatencyServer.start()) {
 *     String url = server.url("/delay/100?bytes=1024");
 * }
 * }</pre>
 */
public final class LatencyServer implements AutoCloseable {
    /** The name prefix of the server's threads: a measurement in the same process leaves their CPU time out. */
    public static final String THREAD_NAME_PREFIX = "shoal-latency";

    private final ConnectionTracker connections = new ConnectionTracker();
    private final LongAdder requests = new LongAdder();
    private final ServerTransport transport;

    private LatencyServer(int threads, InetAddress address) {
        PreEncodedResponses responses = new PreEncodedResponses();
        transport = ServerTransport.bind(THREAD_NAME_PREFIX, threads, address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(connections, new HttpRequestDecoder(), new LatencyHandler(responses, requests));
            }
        });
    }

    /** Starts on an ephemeral port with one event loop per core. */
    public static LatencyServer start() {
        return new LatencyServer(Runtime.getRuntime().availableProcessors(), ServerTransport.LOOPBACK);
    }

    /** Starts on an ephemeral port with the given number of event loops (benchmarks leave cores to the client). */
    public static LatencyServer start(int eventLoopThreads) {
        return new LatencyServer(eventLoopThreads, ServerTransport.LOOPBACK);
    }

    /**
     * Starts on an ephemeral port of the wildcard address, so that every loopback address (127.0.1.1,
     * 127.0.1.2, ...) reaches it: as many distinct hosts as a test wants, without DNS.
     */
    public static LatencyServer startOnEveryLoopbackAddress(int eventLoopThreads) {
        try {
            return new LatencyServer(eventLoopThreads, InetAddress.getByName("0.0.0.0"));
        } catch (java.net.UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public int port() {
        return transport.port();
    }

    /** {@code http://127.0.0.1:PORT} followed by the path (a leading slash is added when missing). */
    public String url(String pathAndQuery) {
        return transport.url(pathAndQuery);
    }

    /** Requests received since start or the last {@link #resetStats()}. */
    public long requests() {
        return requests.sum();
    }

    public int openConnections() {
        return connections.open();
    }

    /** The most TCP connections open at the same time since start or the last {@link #resetStats()}. */
    public int maxOpenConnections() {
        return connections.maxOpen();
    }

    /** Which connections were open when {@link #maxOpenConnections()} was reached, for a failure message. */
    public String connectionsAtMax() {
        return connections.openAtMax();
    }

    /** The connections open now, for a failure message. */
    public String connectionsOpen() {
        return connections.openNow();
    }

    public void resetStats() {
        requests.reset();
        connections.reset();
    }

    @Override
    public void close() {
        transport.close();
    }
}
