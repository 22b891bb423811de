package dev.shoal.internal.http1;

import dev.shoal.BodySink;
import dev.shoal.Request;
import dev.shoal.RequestBody;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.pool.TestPools;
import dev.shoal.testkit.ParanoidLeakDetection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sized file PUT on cleartext HTTP/1.1, on an {@link EmbeddedChannel} that says where its peer is: a region
 * for {@code sendfile} to a peer on another machine, copied chunks to one on this machine; byte-exact either way.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(30)
class Http1FileUploadTest {
    private static final Origin ORIGIN = new Origin("http", "h1.test", 80);
    private static final ShoalConfig CONFIG = Shoal.builder().config();
    /** Several chunks, and a last one shorter than the rest. */
    private static final int SIZE = 5 * 64 * 1024 + 12345;

    @TempDir
    Path dir;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** What the request's writes carried: the bytes in order, and how many of the messages were file regions. */
    private record Sent(byte[] bytes, int regions) {
        String head() {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            return all.substring(0, all.indexOf("\r\n\r\n") + 4);
        }

        byte[] body() {
            return Arrays.copyOfRange(bytes, head().length(), bytes.length);
        }
    }

    private Sent put(SocketAddress peer, byte[] data) throws Exception {
        Path file = Files.write(dir.resolve("body.bin"), data);
        channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return peer;
            }
        };
        Http1Connection connection = new Http1Connection(channel, ORIGIN, CONFIG);
        connection.addHandlers(channel.pipeline());
        Request request = Request.builder("http://h1.test/upload").method("PUT").body(RequestBody.ofFile(file))
                .sink(BodySink.memory()).build();
        Call call = new Call(request, CONFIG, channel.eventLoop());
        TestPools.lending(connection, call);
        CompletableFuture<Response> response = connection.exchange(call, Hop.of(request));
        channel.runPendingTasks();
        Sent sent = outbound();
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", StandardCharsets.US_ASCII));
        assertTrue(response.isDone(), "the exchange ended");
        assertEquals(201, response.join().status());
        return sent;
    }

    private Sent outbound() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(out);
        int regions = 0;
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            try {
                if (msg instanceof FileRegion region) {
                    regions++;
                    while (region.transferred() < region.count()) {
                        region.transferTo(sink, region.transferred());
                    }
                } else {
                    ByteBuf buf = (ByteBuf) msg;
                    buf.readBytes(out, buf.readableBytes());
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }
        return new Sent(out.toByteArray(), regions);
    }

    private static byte[] random() {
        byte[] data = new byte[SIZE];
        new Random(SIZE).nextBytes(data);
        return data;
    }

    private static InetSocketAddress at(int... bytes) throws Exception {
        byte[] address = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            address[i] = (byte) bytes[i];
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), 80);
    }

    @Test
    void aPeerOnAnotherMachineGetsTheFileAsOneRegion() throws Exception {
        byte[] data = random();
        Sent sent = put(at(192, 0, 2, 1), data);
        assertEquals(1, sent.regions(), "sendfile: one region for the whole file");
        assertTrue(sent.head().toLowerCase().contains("\r\ncontent-length: " + SIZE + "\r\n"), sent.head());
        assertArrayEquals(data, sent.body());
    }

    @Test
    void aPeerOnLoopbackGetsTheFileCopiedInChunks() throws Exception {
        byte[] data = random();
        Sent sent = put(at(127, 0, 0, 1), data);
        assertEquals(0, sent.regions(), "copied: no region");
        assertTrue(sent.head().toLowerCase().contains("\r\ncontent-length: " + SIZE + "\r\n"), sent.head());
        assertArrayEquals(data, sent.body(), "byte-exact, with its length and no chunked framing");
    }

    @Test
    void aPeerOnAUnixSocketGetsTheFileCopiedInChunks() throws Exception {
        byte[] data = random();
        Sent sent = put(new DomainSocketAddress(dir.resolve("peer.sock").toString()), data);
        assertEquals(0, sent.regions(), "copied: no region");
        assertArrayEquals(data, sent.body());
    }
}
