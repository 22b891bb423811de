package dev.shoal.internal.body;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.compression.BrotliDecompressor;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.Decompressor;
import io.netty.handler.codec.compression.ZstdDecompressor;

import java.util.function.Consumer;

/**
 * Decodes a brotli or zstd body with Netty's pull-style {@link Decompressor}: input goes in, and each decoded
 * piece (at most 64 KiB, Netty's default) is taken out and handed on before the next is produced, so a bomb
 * stops at the body limit. Netty's {@code BrotliDecoder} and {@code ZstdDecoder} handlers push every piece
 * down a pipeline and cannot be stopped by the reader, which is why the decompressors are used directly.
 * Concatenated zstd frames decode one after the other (the stream is continuous until the body ends).
 */
final class DecompressorDecoder implements ContentDecoder {
    /**
     * The largest zstd window accepted: 8 MiB, what RFC 9659 asks HTTP decoders to support and encoders to
     * stay within; a frame asking for more (memory per response) is refused instead of allocated.
     */
    static final int ZSTD_MAX_WINDOW_LOG = 23;

    private final String name;
    private final Decompressor decompressor;
    private boolean sawInput;
    private boolean complete;
    private boolean closed;

    private DecompressorDecoder(String name, Decompressor decompressor) {
        this.name = name;
        this.decompressor = decompressor;
    }

    static DecompressorDecoder brotli() {
        return new DecompressorDecoder("br", BrotliDecompressor.builder().build(ByteBufAllocator.DEFAULT));
    }

    static DecompressorDecoder zstd() {
        return new DecompressorDecoder("zstd",
                ZstdDecompressor.builder().maxWindowLog(ZSTD_MAX_WINDOW_LOG).build(ByteBufAllocator.DEFAULT));
    }

    @Override
    public void decode(ByteBuf encoded, Consumer<ByteBuf> out) {
        if (!encoded.isReadable() || complete) {
            return;  // bytes after the end of a brotli stream are ignored, as after a gzip member
        }
        sawInput = true;
        try {
            drain(out);
            // the decompressor owns what it is given: a retained slice leaves the caller's buffer as it was
            decompressor.addInput(encoded.retainedSlice());
            drain(out);
        } catch (DecompressionException e) {
            throw corrupt(e);
        }
    }

    @Override
    public void finish(Consumer<ByteBuf> out) {
        if (!sawInput || complete) {
            return;
        }
        try {
            drain(out);
            if (!complete) {
                decompressor.endOfInput();  // where a stream cut short is found (both decompressors check)
                drain(out);
            }
        } catch (DecompressionException e) {
            throw corrupt(e);
        }
        if (!complete) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "truncated " + name + " body");
        }
    }

    /** Takes and hands on every decoded piece until the decompressor needs input or is done. */
    private void drain(Consumer<ByteBuf> out) {
        while (!complete) {
            switch (decompressor.status()) {
                case NEED_INPUT -> {
                    return;
                }
                case COMPLETE -> complete = true;
                case NEED_OUTPUT -> {
                    ByteBuf piece = decompressor.takeOutput();
                    try {
                        if (piece.isReadable()) out.accept(piece);
                    } finally {
                        piece.release();
                    }
                }
            }
        }
    }

    private ShoalException corrupt(DecompressionException e) {
        String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        return Internal.shoalException(ErrorKind.PROTOCOL, "corrupt or truncated " + name + " body: " + why);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            decompressor.close();
        }
    }
}
