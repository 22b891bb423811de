package dev.shoal.internal.http1;

import dev.shoal.Request;
import dev.shoal.internal.call.Hop;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;


/**
 * Request encoding, once per request: {@code Http1Exchange.encode()} builds the Netty request for a hop
 * (Host, the caller's headers, the defaults of {@code RequestHeaders}); Netty's {@link HttpRequestEncoder}
 * turns it into the bytes written to the socket. Sockets aside, this is what a request costs on its way out.
 */
public class RequestEncodeBenchmark extends ShortRun {
    private EmbeddedChannel channel;
    private Http1Exchange exchange;
    private Hop hop;

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new HttpRequestEncoder());
        hop = Hop.of(Request.get(Samples.URL));
        Http1Connection connection = new Http1Connection(channel, hop.origin(), Samples.CONFIG);
        exchange = new Http1Exchange(connection, null, hop);  // encode() reads the hop and the config only
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public DefaultFullHttpRequest buildRequest() {
        return Http1Internals.encode(exchange, hop);
    }

    /** The request built and encoded; returns the byte count so that nothing is optimised away. */
    @Benchmark
    public int buildAndEncode() {
        channel.writeOutbound(Http1Internals.encode(exchange, hop));
        int bytes = 0;
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }
}
