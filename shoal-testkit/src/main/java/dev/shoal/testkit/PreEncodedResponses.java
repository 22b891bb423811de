package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Whole HTTP/1.1 200 responses encoded once per body size and shared by every connection: a reply is a
 * duplicate of an unreleasable direct buffer, so answering costs no encoding and no copy.
 */
final class PreEncodedResponses {
    private static final int MAX_CACHED_SIZES = 256;

    private final ConcurrentMap<Integer, Encoded> bySize = new ConcurrentHashMap<>();

    /** The response to write; the caller hands it to the channel, which releases it. */
    ByteBuf response(int bodySize, boolean keepAlive, boolean headOnly) {
        Encoded encoded = bySize.get(bodySize);
        if (encoded == null) {
            if (bySize.size() >= MAX_CACHED_SIZES) {
                Encoded once = Encoded.build(bodySize); // rare sizes: built for this reply only
                ByteBuf reply = once.take(keepAlive, headOnly);
                once.release();
                return reply;
            }
            encoded = bySize.computeIfAbsent(bodySize, Encoded::shared);
        }
        return encoded.take(keepAlive, headOnly);
    }

    private record Encoded(ByteBuf keepAlive, int keepAliveHeaderLength, ByteBuf close, int closeHeaderLength) {
        static Encoded build(int bodySize) {
            byte[] body = DeterministicBytes.of(bodySize);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bodySize + "\r\n";
            byte[] keepAliveHead = (head + "Connection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] closeHead = (head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            return new Encoded(encode(keepAliveHead, body), keepAliveHead.length,
                    encode(closeHead, body), closeHead.length);
        }

        static Encoded shared(int bodySize) {
            Encoded built = build(bodySize);
            return new Encoded(Unpooled.unreleasableBuffer(built.keepAlive), built.keepAliveHeaderLength,
                    Unpooled.unreleasableBuffer(built.close), built.closeHeaderLength);
        }

        /**
         * A JDK direct buffer, wrapped: the collector frees it when the cache goes with its server, so a cache
         * that is never released (its replies may still be on their way out) is no leak to Netty's detector.
         */
        private static ByteBuf encode(byte[] head, byte[] body) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(head.length + body.length).put(head).put(body).flip();
            return Unpooled.wrappedBuffer(bytes);
        }

        void release() {
            keepAlive.release();
            close.release();
        }

        ByteBuf take(boolean keepAliveWanted, boolean headOnly) {
            ByteBuf whole = keepAliveWanted ? keepAlive : close;
            int length = headOnly ? (keepAliveWanted ? keepAliveHeaderLength : closeHeaderLength) : whole.readableBytes();
            return whole.retainedSlice(0, length);
        }
    }
}
