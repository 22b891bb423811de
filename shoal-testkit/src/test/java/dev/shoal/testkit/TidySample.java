package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Releases what it allocates; run only by {@link ParanoidLeakDetectionTest}. */
@ExtendWith(ParanoidLeakDetection.class)
class TidySample {
    @Test
    void releasesItsBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
        try {
            buf.writeLong(42);
            assertEquals(8, buf.readableBytes());
        } finally {
            buf.release();
        }
    }
}
