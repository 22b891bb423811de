package dev.shoal.internal.upload;

import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A file read as chunks: every byte once and in order, each chunk's bytes starting a cache line. */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(30)
class FileChunksTest {
    private static final int CHUNK = 1000;

    @TempDir
    Path dir;

    private Path file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve("body.bin"), data);
    }

    /** Reads every chunk; checks each one's first byte starts a cache line, and returns the bytes in order. */
    private static byte[] drain(FileChunks chunks, ByteBufAllocator alloc) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (!chunks.isEndOfInput()) {
            ByteBuf chunk = chunks.readChunk(alloc);
            try {
                assertTrue(chunk.hasMemoryAddress(), "direct memory");
                assertEquals(0, (chunk.memoryAddress() + chunk.readerIndex()) % FileChunks.CACHE_LINE,
                        "the chunk's first byte starts a cache line");
                byte[] b = new byte[chunk.readableBytes()];
                chunk.readBytes(b);
                all.write(b);
            } finally {
                chunk.release();
            }
        }
        assertNull(chunks.readChunk(alloc), "nothing after the end");
        return all.toByteArray();
    }

    @Test
    void everyByteOnceInChunksThatStartACacheLineWhereverTheAllocatorPutsThem() throws Exception {
        ByteBuf probe = Unpooled.directBuffer(1);
        boolean addressed = probe.hasMemoryAddress();
        probe.release();
        assumeTrue(addressed, "direct buffers have addresses here (Unsafe)");
        Path f = file(10 * CHUNK + 123);  // a short last chunk
        FileChunks offLine = new FileChunks(FileChannel.open(f), Files.size(f), CHUNK);
        try {
            assertArrayEquals(Files.readAllBytes(f), drain(offLine, new OffLineAllocator()));
            assertEquals(Files.size(f), offLine.progress());
        } finally {
            offLine.close();
        }
        FileChunks pooled = new FileChunks(FileChannel.open(f), Files.size(f), CHUNK);
        try {
            assertArrayEquals(Files.readAllBytes(f), drain(pooled, PooledByteBufAllocator.DEFAULT));
        } finally {
            pooled.close();
        }
    }

    @Test
    void aFileShorterThanItsLengthEndsTheChunksWhereItEnds() throws Exception {
        Path f = file(2 * CHUNK + 7);
        FileChunks chunks = new FileChunks(FileChannel.open(f), 5L * CHUNK, CHUNK);
        try {
            assertArrayEquals(Files.readAllBytes(f), drain(chunks, PooledByteBufAllocator.DEFAULT));
            assertTrue(chunks.isEndOfInput());
            assertEquals(2 * CHUNK + 7, chunks.progress());
        } finally {
            chunks.close();
        }
    }

    @Test
    void theStepToTheNextCacheLine() {
        assertEquals(0, FileChunks.toCacheLine(0));
        assertEquals(0, FileChunks.toCacheLine(4096));
        assertEquals(48, FileChunks.toCacheLine(4096 + 16));
        assertEquals(1, FileChunks.toCacheLine(63));
        assertEquals(63, FileChunks.toCacheLine(65));
    }

    /** Direct buffers whose memory starts 8 bytes past a cache line, as a pooled arena's often do. */
    private static final class OffLineAllocator extends AbstractByteBufAllocator {
        OffLineAllocator() {
            super(true);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            throw new UnsupportedOperationException("chunks are read into direct memory");
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf whole = Unpooled.directBuffer(initialCapacity + 2 * FileChunks.CACHE_LINE);
            int start = (int) ((8 - whole.memoryAddress()) & (FileChunks.CACHE_LINE - 1));
            return whole.slice(start, initialCapacity).clear();
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
