package dev.shoal.internal.body;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decodes a body Content-Encoded more than once ({@code Content-Encoding: deflate, gzip}: deflated, then
 * gzipped), by undoing the last encoding first and handing each piece it yields straight to the decoder of the
 * one before, so the pieces stay as small as each decoder's own. The outer decoder reuses a piece's memory
 * for the next one: this relies on every decoder taking in all it is given before it returns (gzip and deflate
 * copy it; Netty's brotli and zstd decompressors consume it, which BrotliZstdDecoderTest checks). A decoding
 * that stops for its caller (a streamed body) may stop inside either decoder: there the inner one gets its own copy
 * of each piece, since it may keep some of it for later.
 */
final class StackedDecoder implements ContentDecoder {
    private final ContentDecoder outer;
    private final ContentDecoder inner;
    /** The inner decoder stopped for the caller with some of what the outer one gave it. */
    private boolean innerWaits;

    /** {@code outer} undoes the encoding applied last, {@code inner} the ones before it. */
    StackedDecoder(ContentDecoder outer, ContentDecoder inner) {
        this.outer = outer;
        this.inner = inner;
    }

    @Override
    public boolean decode(ByteBuf encoded, Consumer<ByteBuf> out, BooleanSupplier more) {
        if (more == ALWAYS) {
            outer.decode(encoded, piece -> inner.decode(piece, out));
            return true;
        }
        if (innerWaits) {
            innerWaits = !inner.decode(Unpooled.EMPTY_BUFFER, out, more);
        }
        // while the inner decoder waits, the outer one only takes the input in
        boolean outerDone = outer.decode(encoded, piece -> {
            ByteBuf own = piece.copy();  // the inner decoder may keep it past this call; the outer reuses its piece
            try {
                innerWaits = !inner.decode(own, out, more);
            } finally {
                own.release();
            }
        }, () -> !innerWaits && more.getAsBoolean());
        return outerDone && !innerWaits;
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
