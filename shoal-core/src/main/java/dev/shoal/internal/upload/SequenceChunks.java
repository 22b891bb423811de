package dev.shoal.internal.upload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.util.List;
import java.util.function.Function;

/** Several chunked inputs one after another; each is opened when its turn comes and closed after it. */
final class SequenceChunks implements ChunkedInput<ByteBuf> {
    private final List<UploadSource> parts;
    private final Function<UploadSource, ChunkedInput<ByteBuf>> opener;
    private final long length;
    private int next;
    private ChunkedInput<ByteBuf> current;
    private long progress;

    SequenceChunks(List<UploadSource> parts, Function<UploadSource, ChunkedInput<ByteBuf>> opener, long length) {
        this.parts = parts;
        this.opener = opener;
        this.length = length;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        while (current == null || current.isEndOfInput()) {
            if (current != null) {
                current.close();
                current = null;
            }
            if (next >= parts.size()) {
                return true;
            }
            current = opener.apply(parts.get(next++));
        }
        return false;
    }

    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        if (isEndOfInput()) {
            return null;
        }
        ByteBuf chunk = current.readChunk(allocator);
        if (chunk != null) {
            progress += chunk.readableBytes();
        }
        return chunk;
    }

    @Override
    public void close() throws Exception {
        if (current != null) {
            current.close();
            current = null;
        }
        next = parts.size();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }
}
