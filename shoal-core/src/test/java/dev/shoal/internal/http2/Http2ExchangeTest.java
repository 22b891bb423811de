package dev.shoal.internal.http2;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.UnprocessedRequestException;
import dev.shoal.internal.pool.ConnectionPool;
import dev.shoal.internal.pool.TestPools;
import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One HTTP/2 exchange on an {@link EmbeddedChannel}, no socket: the test plays the server with frames written
 * byte by byte (SETTINGS, HEADERS, DATA, RST_STREAM, GOAWAY) and reads the client's frames back.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(30)
class Http2ExchangeTest {
    private static final Origin ORIGIN = new Origin("http", "h2.test", 80);
    private static final ShoalConfig CONFIG = Shoal.builder().config();
    private static final int HEADERS = 1, DATA = 0, RST_STREAM = 3, SETTINGS = 4, GOAWAY = 7;
    private static final int END_STREAM = 0x1, END_HEADERS = 0x4;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Http2Connection connection = new Http2Connection(channel, ORIGIN, CONFIG);
    private ConnectionPool pool;
    private int streamId;

    @BeforeEach
    void handshake() {
        connection.addHandlers(channel.pipeline());
        serverSends(frame(SETTINGS, 0, 0, Unpooled.EMPTY_BUFFER));
        assertTrue(connection.ready().isDone(), "ready once the server's SETTINGS came");
        clientFrames();  // the preface, SETTINGS, its ACK and a WINDOW_UPDATE
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Sends a GET and returns the response's future; {@link #streamId} is the stream it went on. */
    private CompletableFuture<Response> get() {
        Request request = Request.builder("http://h2.test/x").sink(BodySink.memory()).build();
        Call call = new Call(request, CONFIG, channel.eventLoop());
        pool = TestPools.lending(connection, call);
        CompletableFuture<Response> response = connection.exchange(call, Hop.of(request));
        streamId = clientFrames();
        assertTrue(streamId > 0, "the request's HEADERS went out");
        return response;
    }

    @Test
    void informationalHeadsAreSkipped() {
        CompletableFuture<Response> f = get();
        serverSends(headers(streamId, "100", false));
        serverSends(headers(streamId, "103", false));
        assertFalse(f.isDone(), "a 1xx is not the response");
        serverSends(headers(streamId, "200", false));
        serverSends(data(streamId, "hello", true));
        Response r = done(f);
        assertEquals(200, r.status());
        assertEquals("hello", r.bodyString());
        assertEquals("h2", r.protocol());
    }

    @Test
    void trailersEndTheResponse() {
        CompletableFuture<Response> f = get();
        serverSends(headers(streamId, "200", false));
        serverSends(data(streamId, "abc", false));
        Http2Headers trailers = new DefaultHttp2Headers().add("x-checksum", "1234");
        serverSends(frame(HEADERS, END_HEADERS | END_STREAM, streamId, hpack(streamId, trailers)));
        Response r = done(f);
        assertEquals("abc", r.bodyString());
        assertNull(r.headers().get("x-checksum"), "trailers are not part of the response's head");
        assertTrue(channel.isActive());
        assertEquals(1, pool.idleConnections(), "the stream ended: its connection is free again");
    }

    @Test
    void refusedStreamIsReplayable() {
        CompletableFuture<Response> f = get();
        serverSends(rstStream(streamId, Http2Error.REFUSED_STREAM));
        UnprocessedRequestException e = assertInstanceOf(UnprocessedRequestException.class, failure(f));
        assertEquals(ErrorKind.CONNECTION_CLOSED, e.getCause() instanceof ShoalException s ? s.kind() : null);
        assertTrue(channel.isActive(), "a refused stream leaves the connection up");
    }

    @Test
    void aStreamResetForAnotherReasonIsNotReplayed() {
        CompletableFuture<Response> f = get();
        serverSends(rstStream(streamId, Http2Error.CANCEL));
        ShoalException e = assertInstanceOf(ShoalException.class, failure(f));
        assertEquals(ErrorKind.CONNECTION_CLOSED, e.kind());
    }

    @Test
    void goAwayBelowTheStreamMakesItReplayable() {
        CompletableFuture<Response> f = get();
        serverSends(goAway(0));  // the server processed no stream
        assertInstanceOf(UnprocessedRequestException.class, failure(f));
        assertEquals(0, connection.capacity(), "no new stream goes on a connection going away");
    }

    @Test
    void goAwayAtOrAboveTheStreamLetsItFinish() {
        CompletableFuture<Response> f = get();
        serverSends(goAway(streamId));
        assertFalse(f.isDone(), "a stream the server took goes on after GOAWAY");
        serverSends(headers(streamId, "200", true));
        assertEquals(200, done(f).status());
        assertFalse(connection.acceptsExchanges());
    }

    private static Response done(CompletableFuture<Response> f) {
        assertTrue(f.isDone(), "the exchange ended");
        return f.join();
    }

    private static Throwable failure(CompletableFuture<Response> f) {
        assertTrue(f.isDone(), "the exchange ended");
        return assertThrows(CompletionException.class, f::join).getCause();
    }

    private void serverSends(ByteBuf frame) {
        channel.writeInbound(frame);
        channel.runPendingTasks();
    }

    /** Reads what the client wrote; returns the stream id of the last HEADERS frame in it, or 0. */
    private int clientFrames() {
        ByteBuf all = Unpooled.buffer();
        try {
            ByteBuf b;
            while ((b = channel.readOutbound()) != null) {
                all.writeBytes(b);
                b.release();
            }
            if (all.readableBytes() >= 24 && all.toString(0, 3, StandardCharsets.US_ASCII).equals("PRI")) {
                all.skipBytes(24);  // the connection preface
            }
            int headersStream = 0;
            while (all.readableBytes() >= 9) {
                int length = all.readUnsignedMedium();
                int type = all.readUnsignedByte();
                all.skipBytes(1);
                int stream = all.readInt() & Integer.MAX_VALUE;
                all.skipBytes(length);
                if (type == HEADERS) {
                    headersStream = stream;
                }
            }
            return headersStream;
        } finally {
            all.release();
        }
    }

    private static ByteBuf frame(int type, int flags, int stream, ByteBuf payload) {
        ByteBuf f = Unpooled.buffer(9 + payload.readableBytes());
        f.writeMedium(payload.readableBytes()).writeByte(type).writeByte(flags).writeInt(stream).writeBytes(payload);
        payload.release();
        return f;
    }

    private static ByteBuf headers(int stream, String status, boolean endStream) {
        ByteBuf block = hpack(stream, new DefaultHttp2Headers().status(status));
        return frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block);
    }

    private static ByteBuf hpack(int stream, Http2Headers headers) {
        ByteBuf block = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(stream, headers, block);
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        }
        return block;
    }

    private static ByteBuf data(int stream, String text, boolean endStream) {
        return frame(DATA, endStream ? END_STREAM : 0, stream, Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    private static ByteBuf rstStream(int stream, Http2Error error) {
        return frame(RST_STREAM, 0, stream, Unpooled.buffer(4).writeInt((int) error.code()));
    }

    private static ByteBuf goAway(int lastStreamId) {
        return frame(GOAWAY, 0, 0, Unpooled.buffer(8).writeInt(lastStreamId).writeInt((int) Http2Error.NO_ERROR.code()));
    }
}
