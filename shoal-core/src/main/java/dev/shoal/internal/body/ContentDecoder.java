package dev.shoal.internal.body;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Decodes a gzip or deflate body with Netty's zlib decoder, feeding it small slices so that one slice
 * inflates to at most about a megabyte: a compression bomb is counted against the body limit as it
 * inflates, never held in memory.
 */
public final class ContentDecoder {
    /** The encodings we decode, and so the only ones we advertise. */
    public static final String ACCEPT_ENCODING = "gzip, deflate";

    private static final int SLICE = 1024;

    private final EmbeddedChannel channel;

    private ContentDecoder(ZlibWrapper wrapper) {
        this.channel = new EmbeddedChannel(false, false, ZlibCodecFactory.newZlibDecoder(wrapper, 0));
    }

    /** A decoder for this Content-Encoding, or null when the body is to be taken as it is. */
    public static ContentDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new ContentDecoder(ZlibWrapper.GZIP);
            case "deflate", "x-deflate" -> new ContentDecoder(ZlibWrapper.ZLIB_OR_NONE);
            default -> null;
        };
    }

    /**
     * Decodes the readable bytes of {@code encoded} (not released here), handing each decoded buffer to
     * {@code out}, which must not keep it; {@code out} may throw to stop.
     */
    public void decode(ByteBuf encoded, Consumer<ByteBuf> out) {
        int end = encoded.writerIndex();
        for (int i = encoded.readerIndex(); i < end; i += SLICE) {
            channel.writeInbound(encoded.retainedSlice(i, Math.min(SLICE, end - i)));
            drain(out);
        }
    }

    /** The end of the body: flushes what the decoder still holds. */
    public void finish(Consumer<ByteBuf> out) {
        channel.finish();
        drain(out);
    }

    public void close() {
        channel.finishAndReleaseAll();
    }

    private void drain(Consumer<ByteBuf> out) {
        ByteBuf decoded;
        while ((decoded = channel.readInbound()) != null) {
            try {
                out.accept(decoded);
            } finally {
                decoded.release();
            }
        }
    }
}
