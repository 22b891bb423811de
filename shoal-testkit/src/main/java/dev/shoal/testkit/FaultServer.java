package dev.shoal.testkit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-process HTTP/1.1 server on 127.0.0.1 that misbehaves on request: the path picks the behaviour,
 * so a plain list of URLs can exercise every failure. Routes (GET unless noted, HEAD works on every
 * answering route):
 *
 * <pre>
 * /status/{code}            that status (204 and 304 without a body)
 * /delay/{ms}[?bytes=N]     200 after ms milliseconds
 * /bytes/{n}, /chunked/{n}  n deterministic bytes ({@link #bytesFor}), Content-Length or chunked
 * /gzip/{n}, /deflate/{n}   those bytes Content-Encoded
 * /gzip-bomb/{mib}          a small gzip body inflating to mib MiB of zeros
 * /redirect/{n}             302 to /redirect/{n-1}; /redirect/0 answers 200
 * /redirect-loop            302 to itself
 * /redirect-to?url=U[&amp;status=302]  any 3xx to any target
 * /retry-after?key=K&amp;times=N&amp;after=S[&amp;status=503][&amp;date=1]  N failures with Retry-After, then 200
 * /flaky?key=K&amp;times=N      N connection resets, then 200
 * /reset                    TCP RST instead of an answer
 * /close-mid-body           Content-Length 1000, 100 bytes, close
 * /partial-body-stall       Content-Length 1000, 100 bytes, stall
 * /status-then-stall        only the status line, stall
 * /garbage                  bytes that are not HTTP, close
 * /malformed-chunked        an invalid chunk-size line
 * /huge-header?mib=4        one header of that many MiB
 * /never                    reads the request, never answers
 * /drip?interval=500        chunked, one byte per interval (stops after 10 minutes)
 * /endless                  chunked, as fast as the client reads (stops after 4 GiB)
 * /stale-on-reuse           answers the first request of a connection; closes on any later one
 * /close-after              200 with Connection: close, then closes
 * /close-silently           200 without Connection: close, then closes
 * /echo, /anything          any method: the request back as JSON {method, uri, headers, body}
 * </pre>
 *
 * Every request is recorded for {@link #takeRequest}; {@link #route} adds one-off routes.
 */
public final class FaultServer implements AutoCloseable {
    private static final int MAX_REQUEST_BODY = 16 << 20;

    final RequestLog log = new RequestLog();
    final KeyedFailures keyedFailures = new KeyedFailures();
    final EncodedBodies encodedBodies = new EncodedBodies();
    private final Map<String, Handler> customRoutes = new ConcurrentHashMap<>();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final ServerTransport transport;

    private FaultServer() {
        transport = ServerTransport.bind("shoal-fault", 2, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(connections, new HttpServerCodec(), new WireHeaders(), new HttpObjectAggregator(MAX_REQUEST_BODY),
                        new FaultRouter(FaultServer.this, connections.nextConnectionIndex()));
            }
        });
    }

    /** Starts on an ephemeral port of 127.0.0.1. */
    public static FaultServer start() {
        return new FaultServer();
    }

    /** A port on 127.0.0.1 with nothing listening (bound, then released), for connection-refused tests. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, ServerTransport.LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The decoded body of {@code /bytes/{n}}, {@code /chunked/{n}}, {@code /gzip/{n}} and {@code /deflate/{n}}. */
    public static byte[] bytesFor(int n) {
        return DeterministicBytes.of(n);
    }

    public int port() {
        return transport.port();
    }

    /** {@code http://127.0.0.1:PORT} followed by the path (a leading slash is added when missing). */
    public String url(String pathAndQuery) {
        return transport.url(pathAndQuery);
    }

    /**
     * Answers requests whose path starts with the prefix with the handler, before the built-in routes
     * (the longest matching prefix wins). Returns this server.
     */
    public FaultServer route(String pathPrefix, Handler handler) {
        customRoutes.put(pathPrefix, handler);
        return this;
    }

    Handler customRouteFor(String path) {
        String best = null;
        for (String prefix : customRoutes.keySet()) {
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : customRoutes.get(best);
    }

    /** Requests received since start or the last {@link #resetStats()}. */
    public long requests() {
        return log.total();
    }

    /** Requests whose path starts with the prefix, e.g. {@code requests("/flaky")}. */
    public long requests(String pathPrefix) {
        return log.countWithPrefix(pathPrefix);
    }

    public int openConnections() {
        return connections.open();
    }

    /** The most TCP connections open at the same time since start or the last {@link #resetStats()}. */
    public int maxOpenConnections() {
        return connections.maxOpen();
    }

    /**
     * The oldest request not yet taken, waiting up to the timeout; null if none came. Only the latest
     * 10,000 requests are kept.
     */
    public RecordedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return log.take(timeout, unit);
    }

    /** Clears the request counts and log and restarts the maximum from the connections open now. */
    public void resetStats() {
        log.clear();
        connections.reset();
    }

    /** Stops the server and closes every connection, stalled ones included. */
    @Override
    public void close() {
        transport.close();
    }
}
