package dev.shoal.internal.upload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/** Bytes in memory as chunked input, in slices that wrap the array (no copy). */
final class BytesChunks implements ChunkedInput<ByteBuf> {
    private static final int CHUNK = 64 * 1024;
    private final byte[] data;
    private int offset;

    BytesChunks(byte[] data) {
        this.data = data;
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= data.length;
    }

    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (isEndOfInput()) {
            return null;
        }
        int n = Math.min(CHUNK, data.length - offset);
        ByteBuf slice = Unpooled.wrappedBuffer(data, offset, n);
        offset += n;
        return slice;
    }

    @Override
    public void close() {
        offset = data.length;
    }

    @Override
    public long length() {
        return data.length;
    }

    @Override
    public long progress() {
        return offset;
    }
}
