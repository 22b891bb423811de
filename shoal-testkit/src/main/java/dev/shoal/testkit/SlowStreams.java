package dev.shoal.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * Chunked bodies that never finish on their own accord: one byte per interval ({@code /drip}), or as fast
 * as the client reads ({@code /endless}). Each has a hard cap so a forgotten client cannot keep it going.
 */
final class SlowStreams {
    static final long DRIP_CAP_NANOS = TimeUnit.MINUTES.toNanos(10);
    static final long ENDLESS_CAP_BYTES = 4L << 30;
    private static final ByteBuf DRIP = Unpooled.unreleasableBuffer(Unpooled.directBuffer(1).writeByte('.').asReadOnly());

    private SlowStreams() {
    }

    /** {@code /drip?interval=500}: one byte every interval ms until the client leaves or ten minutes pass. */
    static void drip(Exchange ex) {
        long interval = Math.max(1, ex.query("interval", 500));
        ex.write(chunkedOk());
        if (ex.head) {
            ex.write(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.flush();
            return;
        }
        ex.flush();
        long deadline = System.nanoTime() + DRIP_CAP_NANOS;
        ex.later(interval, new Runnable() {
            @Override
            public void run() {
                if (!ex.ctx().channel().isActive()) {
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    ex.write(LastHttpContent.EMPTY_LAST_CONTENT);
                    ex.flush();
                    return;
                }
                ex.write(new DefaultHttpContent(DRIP.duplicate()));
                ex.flush();
                ex.later(interval, this);
            }
        });
    }

    /** {@code /endless}: chunks written only while the channel is writable, up to 4 GiB. */
    static void endless(Exchange ex) {
        ex.write(chunkedOk());
        if (ex.head) {
            ex.write(LastHttpContent.EMPTY_LAST_CONTENT);
            ex.flush();
            return;
        }
        ex.ctx().pipeline().addLast(new EndlessBody(ENDLESS_CAP_BYTES));
    }

    private static HttpResponse chunkedOk() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        return response;
    }

    /**
     * Writes the body while the socket keeps up and resumes when it drains, so nothing piles up in memory;
     * yields the event loop every few MiB so a fast reader cannot starve the loop's other connections.
     */
    static final class EndlessBody extends ChannelInboundHandlerAdapter {
        private static final int CHUNK_BYTES = 16 * 1024;
        private static final int BYTES_PER_TURN = 4 << 20;
        private static final ByteBuf CHUNK = Unpooled.unreleasableBuffer(Unpooled.directBuffer(CHUNK_BYTES)
                .writeBytes(DeterministicBytes.of(CHUNK_BYTES)).asReadOnly());

        private long remaining;
        private boolean writing;

        EndlessBody(long capBytes) {
            this.remaining = capBytes;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            writeWhileWritable(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            writeWhileWritable(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        private void writeWhileWritable(ChannelHandlerContext ctx) {
            if (writing || remaining == 0) {
                return; // re-entered from inside our own write or flush: the loop below re-checks writability
            }
            writing = true;
            long turnBudget = BYTES_PER_TURN;
            try {
                while (remaining > 0 && turnBudget > 0 && ctx.channel().isWritable()) {
                    int length = (int) Math.min(CHUNK_BYTES, remaining);
                    ctx.write(new DefaultHttpContent(CHUNK.slice(0, length)), ctx.voidPromise());
                    remaining -= length;
                    turnBudget -= length;
                    if (!ctx.channel().isWritable()) {
                        ctx.flush(); // may drain the socket buffer at once and make the channel writable again
                    }
                }
                ctx.flush();
            } finally {
                writing = false;
            }
            if (remaining == 0) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
                ctx.pipeline().remove(this);
            } else if (turnBudget <= 0 && ctx.channel().isActive()) {
                ctx.executor().execute(() -> writeWhileWritable(ctx));
            }
        }
    }
}
