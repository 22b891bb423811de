package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Leaks a buffer on purpose (from the allocator the client uses); run only by {@link ParanoidLeakDetectionTest} (its name keeps surefire off it). */
@ExtendWith(ParanoidLeakDetection.class)
class LeakingSample {
    @Test
    void forgetsToReleaseABuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(64);
        buf.writeLong(42);
        assertEquals(8, buf.readableBytes());  // and never released: unreachable once this method returns
    }
}
