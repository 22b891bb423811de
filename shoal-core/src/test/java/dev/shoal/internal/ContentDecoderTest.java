package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.body.ContentDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentDecoderTest {
    static final byte[] TEXT = text(300_000);

    static byte[] text(int n) {
        Random r = new Random(7);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + r.nextInt(6));
        return b;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6, raw))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    /** Feeds the encoded bytes in pieces of {@code piece} and returns what came out. */
    static byte[] decode(String encoding, byte[] encoded, int piece) {
        ContentDecoder d = ContentDecoder.forEncoding(encoding);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length; i += piece) {
            ByteBuf in = Unpooled.wrappedBuffer(encoded, i, Math.min(piece, encoded.length - i));
            d.decode(in, b -> copy(b, out));
        }
        d.finish(b -> copy(b, out));
        d.close();
        return out.toByteArray();
    }

    @Test
    void gzipDecodesWhateverThePieceSize() throws IOException {
        byte[] gz = gzip(TEXT);
        for (int piece : new int[]{1, 7, 1000, gz.length}) {
            assertArrayEquals(TEXT, decode("gzip", gz, piece), "pieces of " + piece);
        }
    }

    @Test
    void gzipWithSeveralMembersDecodesThemAll() throws IOException {
        byte[] a = gzip("hello ".getBytes());
        byte[] b = gzip("world".getBytes());
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals("hello world", new String(decode("gzip", both, 3)));
    }

    @Test
    void deflateAcceptsZlibAndRawStreams() throws IOException {
        assertArrayEquals(TEXT, decode("deflate", deflate(TEXT, false), 500));
        assertArrayEquals(TEXT, decode("deflate", deflate(TEXT, true), 500));
    }

    @Test
    void truncatedOrCorruptBodiesAreProtocolErrors() throws IOException {
        byte[] gz = gzip(TEXT);
        ShoalException cut = assertThrows(ShoalException.class, () -> decode("gzip", Arrays.copyOf(gz, gz.length / 2), 100));
        assertEquals(ErrorKind.PROTOCOL, cut.kind());
        byte[] bad = gz.clone();
        bad[bad.length - 6] ^= 0x55;  // the CRC
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class, () -> decode("gzip", bad, 100)).kind());
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class, () -> decode("gzip", "not gzip at all".getBytes(), 100)).kind());
    }

    @Test
    void decodedPiecesNeverExceedTheWindow() throws IOException {
        byte[] zeros = gzip(new byte[64 << 20]);
        ContentDecoder d = ContentDecoder.forEncoding("gzip");
        int[] largest = {0};
        long[] total = {0};
        d.decode(Unpooled.wrappedBuffer(zeros), b -> {
            largest[0] = Math.max(largest[0], b.readableBytes());
            total[0] += b.readableBytes();
        });
        d.finish(b -> total[0] += b.readableBytes());
        assertEquals(64L << 20, total[0]);
        assertTrue(largest[0] <= 64 * 1024);
    }

    @Test
    void decodersTakingTurnsOnOneThreadEachDecodeTheirOwnBody() throws IOException {
        byte[] other = text(200_000);
        other[0] = 'z';  // the two bodies differ from the first byte
        byte[] gzA = gzip(TEXT);
        byte[] gzB = gzip(other);
        ContentDecoder a = ContentDecoder.forEncoding("gzip");
        ContentDecoder b = ContentDecoder.forEncoding("gzip");
        ByteArrayOutputStream outA = new ByteArrayOutputStream();
        ByteArrayOutputStream outB = new ByteArrayOutputStream();
        int piece = 997;
        for (int i = 0; i < Math.max(gzA.length, gzB.length); i += piece) {
            if (i < gzA.length) {
                a.decode(Unpooled.wrappedBuffer(gzA, i, Math.min(piece, gzA.length - i)), buf -> copy(buf, outA));
            }
            if (i < gzB.length) {
                b.decode(Unpooled.wrappedBuffer(gzB, i, Math.min(piece, gzB.length - i)), buf -> copy(buf, outB));
            }
        }
        a.finish(buf -> copy(buf, outA));
        b.finish(buf -> copy(buf, outB));
        a.close();
        b.close();
        assertArrayEquals(TEXT, outA.toByteArray());
        assertArrayEquals(other, outB.toByteArray());
    }

    /** Copies a decoded piece, heap or direct (brotli and zstd pieces come from Netty's allocator). */
    private static void copy(ByteBuf b, ByteArrayOutputStream out) {
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        out.writeBytes(bytes);
    }

    @Test
    void unknownEncodingsAreLeftAlone() {
        assertEquals(null, ContentDecoder.forEncoding("compress"));
        assertEquals(null, ContentDecoder.forEncoding(null));
        assertEquals(null, ContentDecoder.forEncoding("compress, gzip"), "no layer can be undone under an unknown one");
        assertEquals(null, ContentDecoder.forEncoding("identity, identity"));
    }

    @Test
    void stackedEncodingsAreUndoneLastFirst() throws IOException {
        byte[] deflatedThenGzipped = gzip(deflate(TEXT, false));
        for (int piece : new int[]{1, 1000, deflatedThenGzipped.length}) {
            assertArrayEquals(TEXT, decode("deflate, gzip", deflatedThenGzipped, piece), "pieces of " + piece);
        }
        assertArrayEquals(TEXT, decode("gzip,identity, GZIP", gzip(gzip(TEXT)), 777));
        assertEquals(ErrorKind.PROTOCOL, assertThrows(ShoalException.class,
                () -> decode("gzip, deflate", deflatedThenGzipped, 1000)).kind(), "the layers in the wrong order");
    }

    @Test
    void aStackedBombComesOutInPiecesNoLargerThanTheWindow() throws IOException {
        byte[] twice = gzip(gzip(new byte[64 << 20]));
        ContentDecoder d = ContentDecoder.forEncoding("gzip, gzip");
        int[] largest = {0};
        long[] total = {0};
        d.decode(Unpooled.wrappedBuffer(twice), b -> {
            largest[0] = Math.max(largest[0], b.readableBytes());
            total[0] += b.readableBytes();
        });
        d.finish(b -> total[0] += b.readableBytes());
        d.close();
        assertEquals(64L << 20, total[0]);
        assertTrue(largest[0] <= 64 * 1024);
    }
}
