package dev.shoal.internal.body;

import com.github.luben.zstd.ZstdOutputStream;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.ResponseBuilder;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compressed body streamed to a subscriber, without sockets: one network read of a highly compressed body
 * must not decode into more buffers than the stream's bound while the subscriber asks for nothing; the rest is
 * decoded as it asks, and the body still ends whole and once.
 */
@Timeout(60)
class StreamedDecodingTest {
    static final int DECODED = 32 << 20;
    /** What a subscriber that takes nothing may be handed and queued: the stream's buffers, at most a window each. */
    static final long BOUND = BodyStream.MAX_QUEUED * 256L * 1024;

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] zeros(Compressor c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = c.wrap(out)) {
            byte[] mib = new byte[1 << 20];
            for (int i = 0; i < DECODED; i += mib.length) z.write(mib);
        }
        return out.toByteArray();
    }

    static final class Transport implements BodyStream.Transport {
        boolean reading = true;
        ShoalException stopped;

        @Override
        public void reading(boolean on) {
            reading = on;
        }

        @Override
        public void stop(ShoalException cause) {
            stopped = cause;
        }
    }

    static final class Subscriber implements Flow.Subscriber<List<ByteBuffer>> {
        Flow.Subscription subscription;
        long bytes;
        int ends;
        Throwable error;
        final MessageDigest digest = sha256();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                bytes += b.remaining();
                digest.update(b);
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            ends++;
        }

        @Override
        public void onComplete() {
            ends++;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256OfZeros() {
        MessageDigest d = sha256();
        d.update(new byte[DECODED]);
        return HexFormat.of().formatHex(d.digest());
    }

    @Test
    void aGzipBombInOneReadWaitsUndecodedWhileTheSubscriberTakesNothing() throws IOException {
        assertDecodesOnlyAsTaken("gzip", zeros(GZIPOutputStream::new));
    }

    @Test
    void aZstdBombInOneReadWaitsUndecodedWhileTheSubscriberTakesNothing() throws IOException {
        assertDecodesOnlyAsTaken("zstd", zeros(ZstdOutputStream::new));
    }

    @Test
    void aStackedBodyWaitsBetweenTheOuterDecodersPieces() throws IOException {
        byte[] inner = zeros(GZIPOutputStream::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(inner);
        }
        assertDecodesOnlyAsTaken("gzip, zstd", out.toByteArray());
    }

    static void assertDecodesOnlyAsTaken(String encoding, byte[] encoded) {
        assertTrue(encoded.length < 256 * 1024, "the whole bomb fits in a read or two: " + encoded.length);
        Transport transport = new Transport();
        Subscriber sub = new Subscriber();
        BodyStream stream = new BodyStream(ImmediateEventExecutor.INSTANCE, transport, sub);
        ResponseBody body = ResponseBody.streamed(stream, encoding, Long.MAX_VALUE);
        stream.start(() -> { });
        body.write(Unpooled.wrappedBuffer(encoded));
        assertTrue(body.bytes() <= BOUND, encoding + ": " + body.bytes() + " bytes decoded for a subscriber that took nothing");
        assertFalse(transport.reading, "reading goes on while decoded bytes wait");

        body.complete(new ResponseBuilder());  // the last of the body arrived: its decoded rest still waits
        assertEquals(0, sub.ends);
        assertTrue(transport.reading, "the connection is the transport's again once the body has arrived");
        sub.subscription.request(1);
        assertTrue(sub.bytes > 0 && sub.bytes <= BOUND, "request(1) brought " + sub.bytes);
        assertTrue(body.bytes() - sub.bytes <= BOUND, "decoded ahead: " + (body.bytes() - sub.bytes));
        for (int i = 0; i < 100_000 && sub.ends == 0; i++) {
            sub.subscription.request(1);
            assertTrue(body.bytes() - sub.bytes <= BOUND, "decoded ahead: " + (body.bytes() - sub.bytes));
        }
        assertEquals(1, sub.ends);
        assertNull(sub.error);
        assertEquals(DECODED, sub.bytes);
        assertEquals(sha256OfZeros(), HexFormat.of().formatHex(sub.digest.digest()));
        assertNull(transport.stopped);
    }

    @Test
    void theLimitHitWhileTheRestIsDecodedIsTheSubscribersError() throws IOException {
        Transport transport = new Transport();
        Subscriber sub = new Subscriber();
        BodyStream stream = new BodyStream(ImmediateEventExecutor.INSTANCE, transport, sub);
        ResponseBody body = ResponseBody.streamed(stream, "gzip", DECODED / 2);
        stream.start(() -> { });
        body.write(Unpooled.wrappedBuffer(zeros(GZIPOutputStream::new)));
        body.complete(new ResponseBuilder());
        sub.subscription.request(Long.MAX_VALUE);
        assertEquals(1, sub.ends);
        ShoalException e = assertInstanceOf(ShoalException.class, sub.error);
        assertEquals(ErrorKind.BODY_TOO_LARGE, e.kind());
        assertTrue(sub.bytes <= DECODED / 2);
    }

    @Test
    void aCancelWhileTheRestWaitsEndsTheBodyWithoutAnotherSignal() throws IOException {
        Transport transport = new Transport();
        Subscriber sub = new Subscriber();
        BodyStream stream = new BodyStream(ImmediateEventExecutor.INSTANCE, transport, sub);
        ResponseBody body = ResponseBody.streamed(stream, "zstd", Long.MAX_VALUE);
        int[] ended = {0};
        stream.start(() -> ended[0]++);
        body.write(Unpooled.wrappedBuffer(zeros(ZstdOutputStream::new)));
        sub.subscription.request(1);
        sub.subscription.cancel();
        assertEquals(1, ended[0]);
        assertEquals(0, sub.ends);
        assertFalse(stream.isWaiting());
        sub.subscription.request(5);  // after the cancel: nothing more is decoded or handed on
        assertTrue(sub.bytes <= BOUND);
    }
}
