package dev.shoal.internal;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.body.ContentDecoder;
import dev.shoal.internal.body.ResponseBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Brotli and zstd bodies through {@link ContentDecoder}, without sockets: round trips, frames, bombs, cut streams. */
@Timeout(60)
class BrotliZstdDecoderTest {
    static final byte[] TEXT = ContentDecoderTest.text(300_000);
    static final byte[] RANDOM = random(100_000);
    static final long GIB = 1L << 30;

    @BeforeAll
    static void loadBrotliForTheEncoder() {
        Brotli4jLoader.ensureAvailability();  // the decoders' side loads it through Netty; the test's encoder needs it too
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(11).nextBytes(b);
        return b;
    }

    static byte[] brotli(byte[] data) throws IOException {
        return Encoder.compress(data, new Encoder.Parameters().setQuality(5));
    }

    static byte[] zstd(byte[] data) {
        return Zstd.compress(data, 3);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** {@code count} bytes of zeros compressed by {@code stream}, written a MiB at a time (never held whole). */
    static byte[] bomb(long count, StreamCompressor stream) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] mib = new byte[1 << 20];
        try (OutputStream c = stream.wrap(out)) {
            for (long i = 0; i < count; i += mib.length) c.write(mib);
        }
        return out.toByteArray();
    }

    interface StreamCompressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    @Test
    void theirNativeCodeLoadsHereSoBothAreAdvertisedAfterGzipAndDeflate() {
        assertEquals("gzip, deflate, br, zstd", ContentDecoder.ACCEPT_ENCODING);
    }

    @Test
    void brotliAndZstdUnderGzipDecodeByteExact() throws IOException {
        byte[] plain = random(300_000);
        byte[] brThenGzip = ContentDecoderTest.gzip(brotli(plain));
        byte[] gzipThenZstd = zstd(ContentDecoderTest.gzip(plain));
        byte[] zstdThenGzip = ContentDecoderTest.gzip(zstd(plain));
        for (int piece : new int[]{1, 997, 64 * 1024}) {
            assertArrayEquals(plain, ContentDecoderTest.decode("br, gzip", brThenGzip, piece), "br, gzip in pieces of " + piece);
            assertArrayEquals(plain, ContentDecoderTest.decode("gzip, zstd", gzipThenZstd, piece), "gzip, zstd in pieces of " + piece);
            assertArrayEquals(plain, ContentDecoderTest.decode("zstd, gzip", zstdThenGzip, piece), "zstd, gzip in pieces of " + piece);
        }
    }

    @Test
    void brotliDecodesByteExactWhateverThePieceSize() throws IOException {
        assertDecodesInAnyPieces("br", BrotliZstdDecoderTest::brotli);
    }

    @Test
    void zstdDecodesByteExactWhateverThePieceSize() throws IOException {
        assertDecodesInAnyPieces("zstd", BrotliZstdDecoderTest::zstd);
    }

    interface Compressor {
        byte[] compress(byte[] plain) throws IOException;
    }

    static void assertDecodesInAnyPieces(String encoding, Compressor compressor) throws IOException {
        for (byte[] plain : new byte[][]{TEXT, RANDOM}) {
            byte[] encoded = compressor.compress(plain);
            for (int piece : new int[]{7, 1000, encoded.length}) {
                assertArrayEquals(plain, ContentDecoderTest.decode(encoding, encoded, piece), "pieces of " + piece);
            }
            byte[] head = Arrays.copyOf(plain, 20_000);  // a byte at a time: a shorter body keeps it quick
            assertArrayEquals(head, ContentDecoderTest.decode(encoding, compressor.compress(head), 1), "pieces of 1");
        }
    }

    @Test
    void zstdWithSeveralFramesDecodesThemAll() {
        byte[] a = Arrays.copyOfRange(TEXT, 0, 100_000);
        byte[] b = Arrays.copyOfRange(TEXT, 100_000, 100_000);  // an empty frame between
        byte[] c = Arrays.copyOfRange(TEXT, 100_000, 300_000);
        byte[] frames = concat(zstd(a), zstd(b), zstd(c), zstd("the end".getBytes()));
        byte[] expected = concat(TEXT, "the end".getBytes());
        for (int piece : new int[]{3, 4096, frames.length}) {
            assertArrayEquals(expected, ContentDecoderTest.decode("zstd", frames, piece), "pieces of " + piece);
        }
    }

    @Test
    void anEmptyBodyIsComplete() {
        assertEquals(0, ContentDecoderTest.decode("br", new byte[0], 1).length);
        assertEquals(0, ContentDecoderTest.decode("zstd", new byte[0], 1).length);
    }

    @Test
    void truncatedOrCorruptBodiesAreProtocolErrors() throws IOException {
        byte[] br = brotli(TEXT);
        byte[] zst = zstd(TEXT);
        assertEquals(ErrorKind.PROTOCOL, kindOf("br", Arrays.copyOf(br, br.length / 2)));
        assertEquals(ErrorKind.PROTOCOL, kindOf("zstd", Arrays.copyOf(zst, zst.length / 2)));
        assertEquals(ErrorKind.PROTOCOL, kindOf("zstd", Arrays.copyOf(zst, zst.length - 1)));
        assertEquals(ErrorKind.PROTOCOL, kindOf("br", "not brotli at all, not at all".getBytes()));
        assertEquals(ErrorKind.PROTOCOL, kindOf("zstd", "not zstd at all".getBytes()));
        byte[] bad = zst.clone();
        bad[bad.length / 2] ^= 0x55;
        assertEquals(ErrorKind.PROTOCOL, kindOf("zstd", bad));
    }

    @Test
    void aZstdFrameAskingForMoreThanAnEightMibWindowIsRefused() throws IOException {
        byte[] big = bomb(64L << 20, out -> new ZstdOutputStream(out).setLong(27));
        assertEquals(ErrorKind.PROTOCOL, kindOf("zstd", big));
        byte[] within = bomb(64L << 20, out -> new ZstdOutputStream(out).setLong(23));
        assertEquals(64L << 20, decodedCount("zstd", within, Long.MAX_VALUE));
    }

    @Test
    void aBrotliBombStopsAtTheLimit() throws IOException {
        byte[] bomb = bomb(GIB, out -> new BrotliOutputStream(out, new Encoder.Parameters().setQuality(1)));
        assertTrue(bomb.length < 2 << 20, "a GiB of zeros compresses to " + bomb.length + " bytes");
        assertStopsAtTheLimit("br", bomb);
    }

    @Test
    void aZstdBombStopsAtTheLimit() throws IOException {
        byte[] bomb = bomb(GIB, out -> new ZstdOutputStream(out, 1));
        assertTrue(bomb.length < 2 << 20, "a GiB of zeros compresses to " + bomb.length + " bytes");
        assertStopsAtTheLimit("zstd", bomb);
    }

    /** Fed whole, the bomb is refused once 8 MiB are decoded: little more than that was ever produced. */
    static void assertStopsAtTheLimit(String encoding, byte[] bomb) {
        long limit = 8 << 20;
        long[] decoded = {0};
        ContentDecoder d = ContentDecoder.forEncoding(encoding);
        ShoalException e = assertThrows(ShoalException.class, () -> d.decode(Unpooled.wrappedBuffer(bomb), piece -> {
            decoded[0] += piece.readableBytes();
            if (decoded[0] > limit) throw Internal.shoalException(ErrorKind.BODY_TOO_LARGE, "over");
        }));
        d.close();
        assertEquals(ErrorKind.BODY_TOO_LARGE, e.kind());
        assertTrue(decoded[0] <= limit + (64 << 10), "decoded " + decoded[0] + " bytes past a limit of " + limit);
        // and as a response body counts it
        ResponseBody body = ResponseBody.open(BodySink.memory(), encoding, limit);
        ShoalException counted = assertThrows(ShoalException.class, () -> body.write(Unpooled.wrappedBuffer(bomb)));
        body.abandon();
        assertEquals(ErrorKind.BODY_TOO_LARGE, counted.kind());
    }

    static long decodedCount(String encoding, byte[] encoded, long limit) {
        long[] decoded = {0};
        ContentDecoder d = ContentDecoder.forEncoding(encoding);
        try {
            d.decode(Unpooled.wrappedBuffer(encoded), piece -> decoded[0] += piece.readableBytes());
            d.finish(piece -> decoded[0] += piece.readableBytes());
        } finally {
            d.close();
        }
        return decoded[0];
    }

    static ErrorKind kindOf(String encoding, byte[] encoded) {
        return assertThrows(ShoalException.class, () -> ContentDecoderTest.decode(encoding, encoded, 1000)).kind();
    }

    @Test
    void theCallersBufferIsLeftAsItWas() {
        ByteBuf in = Unpooled.wrappedBuffer(zstd(TEXT));
        int readable = in.readableBytes();
        ContentDecoder d = ContentDecoder.forEncoding("zstd");
        d.decode(in, piece -> { });
        d.finish(piece -> { });
        d.close();
        assertEquals(readable, in.readableBytes());
        assertEquals(1, in.refCnt());
    }
}
