package dev.shoal.internal.body;

import io.netty.buffer.ByteBuf;

import java.util.function.Consumer;

/**
 * Decodes a body Content-Encoded more than once ({@code Content-Encoding: deflate, gzip}: deflated, then
 * gzipped), by undoing the last encoding first and handing each piece it yields straight to the decoder of the
 * one before, so the pieces stay as small as each decoder's own. The outer decoder reuses a piece's memory
 * for the next one: this relies on every decoder taking in all it is given before it returns (gzip and deflate
 * copy it; Netty's brotli and zstd decompressors consume it, which BrotliZstdDecoderTest checks).
 */
final class StackedDecoder implements ContentDecoder {
    private final ContentDecoder outer;
    private final ContentDecoder inner;

    /** {@code outer} undoes the encoding applied last, {@code inner} the ones before it. */
    StackedDecoder(ContentDecoder outer, ContentDecoder inner) {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public void decode(ByteBuf encoded, Consumer<ByteBuf> out) {
        outer.decode(encoded, piece -> inner.decode(piece, out));
    }

    @Override
    public void finish(Consumer<ByteBuf> out) {
        outer.finish(piece -> inner.decode(piece, out));
        inner.finish(out);
    }

    @Override
    public void close() {
        try {
            outer.close();
        } finally {
            inner.close();
        }
    }
}
