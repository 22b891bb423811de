package dev.shoal;

import java.nio.file.Path;

/**
 * Where the final response's body goes as it streams in: nowhere (only counted), into memory, into a
 * SHA-256 digest, into a file, or any combination. Bodies of redirect hops and retried attempts are
 * discarded. A file is written beside its target and moved into place only when the body is complete.
 *
 * @param keepInMemory whether the body is kept, as {@link Response#body()}
 * @param hashSha256   whether its SHA-256 is computed, as {@link Response#sha256()}
 * @param file         where it is saved, or null
 */
public record BodySink(boolean keepInMemory, boolean hashSha256, Path file) {

    private static final BodySink DISCARD = new BodySink(false, false, null);

    /** {@return a sink that only counts the bytes} */
    public static BodySink discard() {
        return DISCARD;
    }

    /** {@return a sink that keeps the body in memory} */
    public static BodySink memory() {
        return new BodySink(true, false, null);
    }

    /** {@return a sink that hashes the body} */
    public static BodySink sha256() {
        return new BodySink(false, true, null);
    }

    /**
     * A sink that saves the body, whole or not at all.
     *
     * @param path the file
     * @return the sink
     */
    public static BodySink file(Path path) {
        return new BodySink(false, false, path);
    }

    /**
     * Both this and the other sink: e.g. {@code BodySink.sha256().and(BodySink.file(p))}.
     *
     * @param other the other sink
     * @return a sink doing what both do (this one's file, if both have one)
     */
    public BodySink and(BodySink other) {
        return new BodySink(keepInMemory || other.keepInMemory, hashSha256 || other.hashSha256,
                file != null ? file : other.file);
    }

    /** {@return whether the body is only counted} */
    public boolean discards() {
        return !keepInMemory && !hashSha256 && file == null;
    }
}
