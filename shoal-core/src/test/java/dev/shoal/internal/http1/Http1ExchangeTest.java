package dev.shoal.internal.http1;

import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.BodySink;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.StaleConnectionException;
import dev.shoal.internal.pool.ConnectionPool;
import dev.shoal.internal.pool.TestPools;
import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One HTTP/1.1 exchange on an {@link EmbeddedChannel}, no socket: the test reads the request the connection
 * wrote and feeds it the server's bytes, then looks at the response and at what became of the connection.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(30)
class Http1ExchangeTest {
    private static final Origin ORIGIN = new Origin("http", "h1.test", 80);
    private static final ShoalConfig CONFIG = Shoal.builder().config();

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Http1Connection connection = new Http1Connection(channel, ORIGIN, CONFIG);
    private ConnectionPool pool;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Sends a GET, checks what went out, and returns the response's future. */
    private CompletableFuture<Response> get() {
        return send("GET");
    }

    private CompletableFuture<Response> send(String method) {
        connection.addHandlers(channel.pipeline());
        Request request = Request.builder("http://h1.test/x").method(method).sink(BodySink.memory()).build();
        Call call = new Call(request, CONFIG, channel.eventLoop());
        pool = TestPools.lending(connection, call);
        CompletableFuture<Response> response = connection.exchange(call, Hop.of(request));
        String sent = outbound();
        assertTrue(sent.startsWith(method + " /x HTTP/1.1\r\n"), sent);
        assertTrue(sent.contains("\r\nhost: h1.test\r\n"), sent);
        return response;
    }

    private String outbound() {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }

    /** The response, which must have come by now (no waiting: everything ran on the test's thread). */
    private static Response done(CompletableFuture<Response> f) {
        assertTrue(f.isDone(), "the exchange ended");
        return f.join();
    }

    private void serverSends(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    @Test
    void informationalHeadsAreSkipped() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 100 Continue\r\n\r\n");
        serverSends("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        assertFalse(f.isDone(), "a 1xx is not the response");
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        Response r = done(f);
        assertEquals(200, r.status());
        assertEquals("hello", r.bodyString());
        assertNull(r.headers().get("Link"), "the 103's fields are not the response's");
    }

    @Test
    void aKeepAliveResponseGivesTheConnectionBackToThePool() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("ok", done(f).bodyString());
        assertTrue(channel.isActive());
        assertEquals(1, pool.idleConnections(), "back in the pool, idle");
        assertEquals(1, pool.openConnections());
    }

    @Test
    void connectionCloseClosesTheConnectionAfterTheResponse() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertEquals("ok", done(f).bodyString());
        assertFalse(channel.isActive(), "closed, not pooled");
        assertEquals(0, pool.idleConnections());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void trailersEndTheResponseAndAreNotHeaders() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                + "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Checksum: 1234\r\n\r\n");
        Response r = done(f);
        assertEquals("abcde", r.bodyString());
        assertNull(r.headers().get("X-Checksum"));
        assertEquals(1, pool.idleConnections(), "a chunked body ended by its trailers leaves the connection reusable");
    }

    @Test
    void theServerClosingMidBodyIsConnectionClosed() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        channel.close();
        assertTrue(f.isDone());
        CompletionException e = assertThrows(CompletionException.class, f::join);
        ShoalException cause = assertInstanceOf(ShoalException.class, e.getCause());
        assertEquals(ErrorKind.CONNECTION_CLOSED, cause.kind());
        assertEquals(0, pool.openConnections());
    }

    /**
     * A second GET on the connection, lent again by the pool as the next request would be; {@code beforeBegin}
     * runs between the lending and the exchange (the server's close arriving just then, say).
     */
    private CompletableFuture<Response> getAgain(Runnable beforeBegin) {
        Request request = Request.builder("http://h1.test/y").sink(BodySink.memory()).build();
        Call call = new Call(request, CONFIG, channel.eventLoop());
        assertSame(connection, pool.acquire(ORIGIN, call, false).getNow(null), "the idle connection is lent again");
        beforeBegin.run();
        return connection.exchange(call, Hop.of(request));
    }

    /** The failure of {@code f}, which has ended by now. */
    private static Throwable failure(CompletableFuture<Response> f) {
        assertTrue(f.isDone(), "the exchange ended");
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    /** A first exchange that ends with a keep-alive answer, leaving the connection idle in the pool. */
    private void firstExchangeKeptAlive() {
        CompletableFuture<Response> first = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertEquals("ok", done(first).bodyString());
        assertEquals(1, pool.idleConnections());
    }

    @Test
    void aPooledConnectionTheServerClosedBeforeTheRequestWentOutIsStale() {
        firstExchangeKeptAlive();
        // the server's close (its keep-alive ran out) is seen after the pool lent the connection, before the write
        CompletableFuture<Response> second = getAgain(channel::close);
        StaleConnectionException stale = assertInstanceOf(StaleConnectionException.class, failure(second),
                "the request may go again on a fresh connection");
        assertEquals(ErrorKind.CONNECTION_CLOSED, stale.error().kind());
        assertEquals("", outbound(), "nothing written on the closed connection");
        assertEquals(0, pool.openConnections());
    }

    @Test
    void aPooledConnectionTheServerClosesBeforeAnyAnswerIsStale() {
        firstExchangeKeptAlive();
        CompletableFuture<Response> second = getAgain(() -> { });
        assertTrue(outbound().startsWith("GET /y HTTP/1.1\r\n"));
        channel.close();  // the server's close crossed the request: it never read it
        StaleConnectionException stale = assertInstanceOf(StaleConnectionException.class, failure(second));
        assertEquals(ErrorKind.CONNECTION_CLOSED, stale.error().kind());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void aFreshConnectionClosedBeforeAnyAnswerIsTheServersAnswerNotStale() {
        CompletableFuture<Response> f = get();
        channel.close();
        ShoalException e = assertInstanceOf(ShoalException.class, failure(f), "not replayed: a fresh connection was never stale");
        assertEquals(ErrorKind.CONNECTION_CLOSED, e.kind());
    }

    @Test
    void aPooledConnectionClosedAfterSomeAnswerIsNotStale() {
        firstExchangeKeptAlive();
        CompletableFuture<Response> second = getAgain(() -> { });
        outbound();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        channel.close();  // the server answered, then broke off: its answer, not a stale connection
        ShoalException e = assertInstanceOf(ShoalException.class, failure(second));
        assertEquals(ErrorKind.CONNECTION_CLOSED, e.kind());
    }

    @Test
    void bytesBeyondTheContentLengthCloseTheConnection() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNK");
        assertEquals("ok", done(f).bodyString(), "the response is what its length says");
        assertFalse(channel.isActive(), "JUNK would start the next request's response: closed, not pooled");
        assertEquals(0, pool.openConnections());
    }

    @Test
    void a204WithABodyClosesTheConnection() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(204, done(f).status());
        assertFalse(channel.isActive());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void aHeadResponseHasNoBodyWhateverItsLengthSays() {
        CompletableFuture<Response> f = send("HEAD");
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        Response r = done(f);
        assertEquals(200, r.status());
        assertEquals("", r.bodyString());
        assertEquals(1, pool.idleConnections(), "nothing held back: reusable");
    }

    @Test
    void aHeadResponseFollowedByABodyClosesTheConnection() {
        CompletableFuture<Response> f = send("HEAD");
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(200, done(f).status());
        assertFalse(channel.isActive());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void bytesWhileIdleCloseTheConnection() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        done(f);
        assertEquals(1, pool.idleConnections());
        serverSends("JUNK");  // no line end: the decoder alone would keep it for the next response
        assertFalse(channel.isActive());
        assertEquals(0, pool.openConnections());
    }

    @Test
    void aSwitchingProtocolsNobodyAskedForEndsAtItsHeadAndClosesTheConnection() {
        CompletableFuture<Response> f = get();
        serverSends("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        assertEquals(101, done(f).status(), "not read until the server closes");
        assertFalse(channel.isActive(), "what follows is not HTTP/1.1");
        assertEquals(0, pool.openConnections());
    }
}
