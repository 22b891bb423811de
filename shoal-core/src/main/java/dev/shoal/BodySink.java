package dev.shoal;

import java.nio.file.Path;

/**
 * Where the final response's body goes as it streams in: nowhere (only counted), into memory, into a
 * SHA-256 digest, into a file, or any combination. Bodies of redirect hops and retried attempts are
 * discarded. A file is written beside its target and moved into place only when the body is complete.
 */
public record BodySink(boolean keepInMemory, boolean hashSha256, Path file) {

    private static final BodySink DISCARD = new BodySink(false, false, null);

    public static BodySink discard() {
        return DISCARD;
    }

    public static BodySink memory() {
        return new BodySink(true, false, null);
    }

    public static BodySink sha256() {
        return new BodySink(false, true, null);
    }

    public static BodySink file(Path path) {
        return new BodySink(false, false, path);
    }

    /** Both this and the other sink: e.g. {@code BodySink.sha256().and(BodySink.file(p))}. */
    public BodySink and(BodySink other) {
        return new BodySink(keepInMemory || other.keepInMemory, hashSha256 || other.hashSha256,
                file != null ? file : other.file);
    }

    public boolean discards() {
        return !keepInMemory && !hashSha256 && file == null;
    }
}
