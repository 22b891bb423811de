package dev.shoal.internal.http1;

import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.Calls;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.exchange.HttpExchange;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;


/**
 * Response handling, once per request: nginx's answer (status line, 8 header fields, a 6-byte body) arrives
 * in a pooled direct buffer, as a socket read leaves it; {@link HttpClientCodec}, configured as
 * {@link Http1Connection} configures it, decodes it; then what {@link Http1Exchange} does with the messages:
 * copy the header fields, open the body, count it, build the {@link Response}.
 */
public class ResponseDecodeBenchmark extends ShortRun {
    private EmbeddedChannel channel;
    private Call call;
    private Hop hop;
    private HttpHeaders decodedHeaders;

    @Setup
    public void setUp() {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(Http1Connection.MAX_INITIAL_LINE)
                .setMaxHeaderSize(Http1Connection.MAX_HEADER_BYTES)
                .setMaxChunkSize(64 * 1024)
                .setValidateHeaders(false);
        channel = new EmbeddedChannel(new HttpClientCodec(decoder, false, false));
        Request request = Request.get(Samples.URL);
        call = Calls.newCall(request, Samples.CONFIG, channel.eventLoop());
        hop = Hop.of(request);
        channel.writeInbound(arrived());
        HttpResponse head = channel.readInbound();
        decodedHeaders = head.headers();
        Object rest;
        while ((rest = channel.readInbound()) != null) {
            ReferenceCountUtil.release(rest);
        }
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Netty's decoding alone: bytes in, response head and last content out, released. */
    @Benchmark
    public int decode() {
        channel.writeInbound(arrived());
        int status = 0;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
            }
            ReferenceCountUtil.release(msg);
        }
        return status;
    }

    /** Decoding and our handling of it, as {@code Http1Exchange.onMessage} does, up to the built response. */
    @Benchmark
    public Response decodeAndHandle() {
        channel.writeInbound(arrived());
        Handling exchange = new Handling(call, hop, Samples.CONFIG);
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            try {
                if (msg instanceof HttpResponse r) {
                    exchange.keepAlive = HttpUtil.isKeepAlive(r);
                    exchange.head(r.status().code(), Http1Internals.copy(r.headers()));
                }
                if (msg instanceof HttpContent c) {
                    exchange.body(c);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return exchange.result().getNow(null);
    }

    /** The header copy alone: Netty's header map into our immutable {@link Headers}. */
    @Benchmark
    public Headers copyHeaders() {
        return Http1Internals.copy(decodedHeaders);
    }

    private ByteBuf arrived() {
        byte[] bytes = Samples.NGINX_RESPONSE;
        return channel.alloc().directBuffer(bytes.length).writeBytes(bytes);
    }

    /** The protocol-neutral half of an exchange, driven by hand (no connection to give back). */
    private static final class Handling extends HttpExchange {
        boolean keepAlive;

        Handling(Call call, Hop hop, ShoalConfig config) {
            super(call, hop, config);
        }

        void head(int status, Headers headers) {
            onHead(status, headers);
        }

        void body(HttpContent c) {
            onBody(c.content());
            if (c instanceof LastHttpContent) {
                onEnd("http/1.1");
            }
        }

        @Override
        protected void finished(boolean completed) {
        }

        @Override
        protected long lastReadNanos() {
            return 0;
        }

        @Override
        protected io.netty.channel.Channel readChannel() {
            throw new UnsupportedOperationException("the benchmark's bodies are not streamed to a caller");
        }

        @Override
        protected String protocol() {
            return "http/1.1";
        }

        @Override
        protected void readResumed() {
        }
    }
}
