package dev.shoal.internal.body;

import dev.shoal.ContentEncodings;
import io.netty.buffer.ByteBuf;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Decodes a Content-Encoded body piece by piece, handing each decoded piece on (to be counted against the body
 * limit) before the next is produced, so a compression bomb is refused before it is held: gzip and deflate
 * with the JDK's inflater ({@link InflaterDecoder}); brotli and zstd with Netty's decompressors where their
 * native code loads ({@link DecompressorDecoder}, {@link ContentEncodings}).
 */
public interface ContentDecoder {
    /** The encodings we decode here, and so the only ones we advertise. */
    String ACCEPT_ENCODING = ContentEncodings.acceptEncoding();

    /** A decoder for this Content-Encoding, or null when the body is to be taken as it is. */
    static ContentDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new InflaterDecoder(true);
            case "deflate", "x-deflate" -> new InflaterDecoder(false);
            case "br" -> ContentEncodings.brotli() ? DecompressorDecoder.brotli() : null;
            case "zstd" -> ContentEncodings.zstd() ? DecompressorDecoder.zstd() : null;
            default -> null;
        };
    }

    /**
     * Decodes the readable bytes of {@code encoded} (not released here, its reader index unmoved), handing each
     * decoded piece to {@code out}, which must use it at once and not keep it; {@code out} may throw to stop.
     */
    void decode(ByteBuf encoded, Consumer<ByteBuf> out);

    /** The end of the body: a stream cut short is a protocol error. */
    void finish(Consumer<ByteBuf> out);

    /** Frees what the decoder holds; called once, whether the body completed or not. */
    void close();
}
