package dev.shoal.internal.upload;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A file's bytes as chunks of direct memory, each read into a buffer whose first byte starts a cache line.
 * The kernel copies a file's pages to a destination that starts inside a cache line several times slower than
 * to one that starts on a line (bench/README.md, "Uploads"), and a pooled buffer starts wherever its arena put
 * it: so each chunk skips the few bytes up to the next line. A file that ends early ends the chunks there (the
 * announced length is {@link CountedChunks}' to enforce).
 */
final class FileChunks implements ChunkedInput<ByteBuf> {
    static final int CACHE_LINE = 64;

    private final FileChannel file;
    private final int chunkSize;
    private long end;
    private long offset;

    FileChunks(FileChannel file, long length, int chunkSize) {
        this.file = file;
        this.end = length;
        this.chunkSize = chunkSize;
    }

    @Override
    public boolean isEndOfInput() {
        return offset >= end || !file.isOpen();
    }

    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
        if (isEndOfInput()) {
            return null;
        }
        int want = (int) Math.min(chunkSize, end - offset);
        ByteBuf buf = allocator.directBuffer(want + CACHE_LINE - 1);
        try {
            int skip = buf.hasMemoryAddress() ? toCacheLine(buf.memoryAddress()) : 0;
            buf.setIndex(skip, skip);
            int read = 0;
            while (read < want) {
                int n = buf.writeBytes(file, offset + read, want - read);
                if (n < 0) {
                    end = offset + read;  // the file is shorter now than when the upload started
                    break;
                }
                read += n;
            }
            offset += read;
            if (read == 0) {
                buf.release();
                return null;
            }
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** The bytes from {@code address} to the next cache line's start (0 when it starts one). */
    static int toCacheLine(long address) {
        return (int) (-address & (CACHE_LINE - 1));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    @Override
    public long length() {
        return end;
    }

    @Override
    public long progress() {
        return offset;
    }
}
