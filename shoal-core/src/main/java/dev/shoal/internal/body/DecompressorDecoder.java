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

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decodes a brotli or zstd body with Netty's pull-style {@link Decompressor}: input goes in, and each decoded
 * piece (at most 64 KiB, Netty's default) is taken out and handed on before the next is produced, so a bomb
 * stops at the body limit. Netty's {@code BrotliDecoder} and {@code ZstdDecoder} handlers push every piece
 * down a pipeline and cannot be stopped by the reader, which is why the decompressors are used directly.
 * Concatenated zstd frames decode one after the other (the stream is continuous until the body ends). Input
 * that arrives while decoded output waits for the caller waits in turn, as the slices it came in.
 */
final class DecompressorDecoder implements ContentDecoder {
    /**
     * The largest zstd window accepted: 8 MiB, what RFC 9659 asks HTTP decoders to support and encoders to
     * stay within; a frame asking for more (memory per response) is refused instead of allocated.
     */
    static final int ZSTD_MAX_WINDOW_LOG = 23;

    private final String name;
    private final Decompressor decompressor;
    private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>(2);
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
    public boolean decode(ByteBuf encoded, Consumer<ByteBuf> out, BooleanSupplier more) {
        if (complete) {
            return true;  // bytes after the end of a brotli stream are ignored, as after a gzip member
        }
        if (encoded.isReadable()) {
            sawInput = true;
            // the decompressor owns what it is given: a retained slice leaves the caller's buffer as it was
            waiting.add(encoded.retainedSlice());
        }
        try {
            return drain(out, more);
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
            drain(out, ALWAYS);
            if (!complete) {
                decompressor.endOfInput();  // where a stream cut short is found (both decompressors check)
                drain(out, ALWAYS);
            }
        } catch (DecompressionException e) {
            throw corrupt(e);
        }
        if (!complete) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "truncated " + name + " body");
        }
    }

    /**
     * Feeds the waiting input and hands on every decoded piece, while {@code more} says so, until the input is
     * all taken or the stream is done; false when {@code more} stopped it.
     */
    private boolean drain(Consumer<ByteBuf> out, BooleanSupplier more) {
        while (!complete) {
            switch (decompressor.status()) {
                case NEED_INPUT -> {
                    ByteBuf next = waiting.poll();
                    if (next == null) {
                        return true;
                    }
                    decompressor.addInput(next);
                }
                case COMPLETE -> {
                    complete = true;
                    releaseWaiting();
                }
                case NEED_OUTPUT -> {
                    if (!more.getAsBoolean()) {
                        return false;
                    }
                    ByteBuf piece = decompressor.takeOutput();
                    try {
                        if (piece.isReadable()) out.accept(piece);
                    } finally {
                        piece.release();
                    }
                }
            }
        }
        return true;
    }

    private void releaseWaiting() {
        for (ByteBuf b = waiting.poll(); b != null; b = waiting.poll()) {
            b.release();
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
            releaseWaiting();
            decompressor.close();
        }
    }
}
