package dev.shoal.internal.upload;

import dev.shoal.internal.base.Internal;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * Holds a body to the length its Content-Length announced: more bytes, or an end before that many, fail
 * the request (the server would otherwise read the next request from the rest, or wait for bytes that
 * never come).
 */
final class CountedChunks implements ChunkedInput<ByteBuf> {
    private final ChunkedInput<ByteBuf> in;
    private final long length;
    private long sent;

    CountedChunks(ChunkedInput<ByteBuf> in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        if (!in.isEndOfInput()) {
            return false;
        }
        if (sent != length) {
            throw mismatch("ended after " + sent);
        }
        return true;
    }

    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        ByteBuf chunk = in.readChunk(allocator);
        if (chunk != null) {
            sent += chunk.readableBytes();
            if (sent > length) {
                chunk.release();
                throw mismatch("gave more than that");
            }
        }
        return chunk;
    }

    private ShoalException mismatch(String what) {
        return Internal.shoalException(ErrorKind.INVALID_REQUEST,
                "the request body was to be " + length + " bytes (Content-Length) but " + what);
    }

    @Override
    public void close() throws Exception {
        in.close();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return sent;
    }
}
