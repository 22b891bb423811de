package dev.shoal.internal.body;

import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A gzip body decoded by {@link ContentDecoder}, as a response with {@code Content-Encoding: gzip} is: one
 * decoder per response, the body in one piece, the end checked, the inflater closed.
 */
public class ContentDecoderBenchmark extends ShortRun {

    /** Decoded size: nginx's 6-byte file, a 16 KiB page. */
    @Param({"6", "16384"})
    public int size;

    private ByteBuf encoded;
    private final Counter counter = new Counter();

    @Setup
    public void setUp() {
        byte[] text = size == 6 ? "hello\n".getBytes(StandardCharsets.US_ASCII) : Samples.page(size);
        encoded = Unpooled.wrappedBuffer(Samples.gzip(text));
    }

    @Benchmark
    public long gunzip() {
        counter.bytes = 0;
        ContentDecoder decoder = ContentDecoder.forEncoding("gzip");
        try {
            decoder.decode(encoded, counter);
            decoder.finish(counter);
        } finally {
            decoder.close();
        }
        return counter.bytes;
    }

    private static final class Counter implements Consumer<ByteBuf> {
        long bytes;

        @Override
        public void accept(ByteBuf decoded) {
            bytes += decoded.readableBytes();
        }
    }
}
