package dev.shoal.internal.body;

import dev.shoal.ContentEncodings;
import io.netty.buffer.ByteBuf;

import java.util.Locale;
import java.util.function.BooleanSupplier;
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

    /**
     * A decoder for this Content-Encoding, or null when the body is to be taken as it is: no encoding, or one
     * we do not decode. A list ({@code deflate, gzip}: the encodings in the order they were applied) is
     * decoded whole, last one first, when we decode each of its encodings.
     */
    static ContentDecoder forEncoding(String contentEncoding) {
        if (contentEncoding == null) {
            return null;
        }
        if (contentEncoding.indexOf(',') < 0) {
            return forOne(contentEncoding.trim().toLowerCase(Locale.ROOT));
        }
        ContentDecoder stacked = null;
        for (String name : contentEncoding.split(",")) {
            String one = name.trim().toLowerCase(Locale.ROOT);
            if (one.isEmpty() || one.equals("identity")) {
                continue;
            }
            ContentDecoder d = forOne(one);
            if (d == null) {
                if (stacked != null) {
                    stacked.close();
                }
                return null;  // an encoding we cannot undo: no layer of the body can be decoded
            }
            stacked = stacked == null ? d : new StackedDecoder(d, stacked);
        }
        return stacked;
    }

    private static ContentDecoder forOne(String encoding) {
        return switch (encoding) {
            case "gzip", "x-gzip" -> new InflaterDecoder(true);
            case "deflate", "x-deflate" -> new InflaterDecoder(false);
            case "br" -> ContentEncodings.brotli() ? DecompressorDecoder.brotli() : null;
            case "zstd" -> ContentEncodings.zstd() ? DecompressorDecoder.zstd() : null;
            default -> null;
        };
    }

    /** Never stops: every piece is handed on at once. */
    BooleanSupplier ALWAYS = () -> true;

    /**
     * Decodes the readable bytes of {@code encoded} (not released here, its reader index unmoved), handing each
     * decoded piece to {@code out}, which must use it at once and not keep it; {@code out} may throw to stop.
     */
    default void decode(ByteBuf encoded, Consumer<ByteBuf> out) {
        decode(encoded, out, ALWAYS);
    }

    /**
     * As {@link #decode(ByteBuf, Consumer)}, but hands on the next piece only while {@code more} says so: a
     * streamed body's caller who takes nothing must not get a whole bomb's worth of pieces from one network
     * read. What is not handed on stays in the decoder (input and state; {@code encoded} itself is not kept),
     * to be taken later by decoding an empty buffer.
     *
     * @return true when everything given so far has been decoded and handed on; false when {@code more} stopped it
     */
    boolean decode(ByteBuf encoded, Consumer<ByteBuf> out, BooleanSupplier more);

    /** The end of the body, once {@code decode} has handed everything on: a stream cut short is a protocol error. */
    void finish(Consumer<ByteBuf> out);

    /** Frees what the decoder holds; called once, whether the body completed or not. */
    void close();
}
