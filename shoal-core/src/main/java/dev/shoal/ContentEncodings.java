package dev.shoal;

import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.Zstd;

/**
 * Which Content-Encodings this process can decode: gzip and deflate always (the JDK's), brotli and zstd only
 * where their native libraries (brotli4j, zstd-jni) load on this machine. A server is only ever offered what
 * is decoded here, so a body never arrives in an encoding we would hand on undecoded (unless the caller sets
 * its own Accept-Encoding: then an encoding not decoded here is handed on as it came).
 */
public final class ContentEncodings {
    // Netty's checks load the native library once, and say false (not throw) when the jar or platform is missing
    private static final boolean BROTLI = Brotli.isAvailable();
    private static final boolean ZSTD = Zstd.isAvailable();

    private ContentEncodings() {
    }

    /** {@return whether {@code br} bodies are decoded here (brotli4j's native library loaded)} */
    public static boolean brotli() {
        return BROTLI;
    }

    /** {@return whether {@code zstd} bodies are decoded here (zstd-jni's native library loaded)} */
    public static boolean zstd() {
        return ZSTD;
    }

    /** {@return the Accept-Encoding value: {@code gzip, deflate}, then {@code br} and {@code zstd} where they load} */
    public static String acceptEncoding() {
        return "gzip, deflate" + (BROTLI ? ", br" : "") + (ZSTD ? ", zstd" : "");
    }

    /** {@return one line for {@code --version}: each encoding, and why brotli or zstd is off where it is} */
    public static String describe() {
        return acceptEncoding() + (BROTLI ? "" : " (no br: " + Brotli.cause() + ")") + (ZSTD ? "" : " (no zstd: " + Zstd.cause() + ")");
    }
}
