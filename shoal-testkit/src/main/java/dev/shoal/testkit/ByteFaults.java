package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Answers that break HTTP at the byte level, written raw past the HTTP encoder: truncated bodies,
 * non-HTTP bytes, a broken chunk, a header too big to buffer, and responses that stop half-way.
 */
final class ByteFaults {
    private static final int HUGE_HEADER_PIECE = 64 * 1024;
    private static final ByteBuf HUGE_HEADER_FILLER = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(HUGE_HEADER_PIECE).writeBytes(filler(HUGE_HEADER_PIECE)).asReadOnly());

    private ByteFaults() {
    }

    /** {@code /close-mid-body}: Content-Length 1000, 100 bytes, close. */
    static void closeMidBody(Exchange ex) {
        ex.writeRawThenClose(truncatedBody());
    }

    /** {@code /partial-body-stall}: Content-Length 1000, 100 bytes, then nothing while the connection stays open. */
    static void partialBodyStall(Exchange ex) {
        ex.writeRaw(truncatedBody());
    }

    /** {@code /status-then-stall}: only the status line, then nothing. */
    static void statusThenStall(Exchange ex) {
        ex.writeRaw(ascii("HTTP/1.1 200 OK\r\n"));
    }

    /** {@code /garbage}: bytes that are not HTTP at all, then close. */
    static void garbage(Exchange ex) {
        ex.writeRawThenClose(ascii("SSH-2.0-garbage\r\n\r\n\u0000\u0001\u0002\u0003 this is not HTTP \u00ff\u00fe\r\n"));
    }

    /** {@code /malformed-chunked}: chunked headers, then a chunk-size line that is not hexadecimal. */
    static void malformedChunked(Exchange ex) {
        ex.writeRawThenClose(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz-not-a-size\r\nworld\r\n0\r\n\r\n"));
    }

    /**
     * {@code /huge-header?mib=4}: one header whose value is that many MiB, sent as 64 KiB slices of one
     * shared buffer (nothing is built per request), then an empty body and close.
     */
    static void hugeHeader(Exchange ex) {
        long mib = Math.max(1, Math.min(1024, ex.query("mib", 4)));
        ex.writeRaw(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Huge: "));
        for (long piece = 0; piece < mib * (1024 * 1024 / HUGE_HEADER_PIECE); piece++) {
            ex.writeRaw(HUGE_HEADER_FILLER.duplicate());
        }
        ex.writeRawThenClose(ascii("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    }

    private static ByteBuf truncatedBody() {
        return Unpooled.wrappedBuffer(
                ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"),
                Unpooled.wrappedBuffer(DeterministicBytes.of(100)));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] filler(int n) {
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, (byte) 'h');
        return bytes;
    }
}
