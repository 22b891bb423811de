package dev.shoal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Where the final response's body goes as it streams in: nowhere (only counted), into memory, into a
 * SHA-256 digest, into a file, or any combination of those; or, streamed, to the caller's
 * {@link Flow.Subscriber} or an {@link InputStream}. Bodies of redirect hops and retried attempts are
 * discarded. A file is written beside its target and moved into place only when the body is complete.
 *
 * <p><b>Streamed bodies</b> ({@link #subscriber} and {@link #inputStream}) are read from the network only as
 * fast as the caller takes them: while the caller asks for nothing, the client stops reading from the socket
 * (HTTP/1.1) or stops returning flow-control credit to the server (HTTP/2), so a slow consumer holds at most a
 * few buffers and the server's writes wait. For these sinks the response future completes when the final
 * response's head has arrived, before its body; the request still counts against the client's limits and its
 * deadline until the body has ended (delivered whole, failed, or cancelled by the caller). The read timeout
 * counts only the time the client waits for the server, never the time the caller takes.
 *
 * @param keepInMemory whether the body is kept, as {@link Response#body()}
 * @param hashSha256   whether its SHA-256 is computed, as {@link Response#sha256()}
 * @param file         where it is saved, or null
 * @param resumeFile    whether a cut-short file download is kept to be resumed ({@link #resumableFile})
 * @param subscriber    the caller's subscriber the body streams to, or null ({@link #subscriber})
 * @param asInputStream whether the body is read as {@link Response#bodyStream()} ({@link #inputStream})
 */
public record BodySink(boolean keepInMemory, boolean hashSha256, Path file, boolean resumeFile,
                       Flow.Subscriber<? super List<ByteBuffer>> subscriber, boolean asInputStream) {

    private static final BodySink DISCARD = new BodySink(false, false, null, false, null, false);
    private static final BodySink INPUT_STREAM = new BodySink(false, false, null, false, null, true);

    /** {@return a sink that only counts the bytes} */
    public static BodySink discard() {
        return DISCARD;
    }

    /** {@return a sink that keeps the body in memory} */
    public static BodySink memory() {
        return new BodySink(true, false, null, false, null, false);
    }

    /** {@return a sink that hashes the body} */
    public static BodySink sha256() {
        return new BodySink(false, true, null, false, null, false);
    }

    /**
     * A sink that saves the body, whole or not at all. A 304 (Not Modified) leaves the file as it is: it has
     * no body, and the file holds the one its conditional request named.
     *
     * @param path the file
     * @return the sink
     */
    public static BodySink file(Path path) {
        return new BodySink(false, false, Objects.requireNonNull(path, "path"), false, null, false);
    }

    /**
     * A file, as {@link #file}, whose download survives interruption: a body cut short stays in
     * {@code NAME.part}, with the URL and the response's validator (ETag or Last-Modified) in
     * {@code NAME.part.resume}; a later request of the same URL to a resumable file continues it with
     * {@code Range: bytes=N-} guarded by {@code If-Range}. Where the server sends the rest (206 from byte N)
     * it is appended; where it sends the whole body again (200: Range not supported, or the validator
     * changed) the file starts over. Either way the saved file is the server's current body, byte for byte.
     * A body sent with a Content-Encoding is saved whole (decoded bytes do not map to the server's ranges).
     *
     * @param path the file
     * @return the sink
     */
    public static BodySink resumableFile(Path path) {
        return new BodySink(false, false, Objects.requireNonNull(path, "path"), true, null, false);
    }

    /**
     * Hands the decoded body to {@code subscriber} as it arrives, the way the JDK's
     * {@code HttpResponse.BodySubscribers} receive it: each {@code onNext} brings one or more buffers
     * that are the subscriber's own (copies: nothing to release). The subscriber hears exactly one end:
     * {@code onComplete}, {@code onError} with the {@link ShoalException} that ended the request (also when it
     * failed before any response, after an {@code onSubscribe} that asks for nothing), or none after its own
     * {@code cancel()}, which closes the connection (HTTP/1.1) or resets the stream (HTTP/2) and leaves the
     * request a success. The signals come on the client's event loop: a subscriber must not block in them;
     * it asks for more with {@code request(n)} when it is ready, from any thread. A sink streams to its
     * subscriber once; make one per request.
     *
     * @param subscriber the subscriber
     * @return the sink
     */
    public static BodySink subscriber(Flow.Subscriber<? super List<ByteBuffer>> subscriber) {
        return new BodySink(false, false, null, false, Objects.requireNonNull(subscriber, "subscriber"), false);
    }

    /**
     * The body as a blocking {@link InputStream}, from {@link Response#bodyStream()}: for code on a virtual or
     * plain thread. A read waits for the next bytes; a failed body makes the read throw an {@code IOException}
     * whose cause is the {@link ShoalException}; {@code close()} before the end cancels the rest of the body
     * (closes the connection). Close the stream when done with it: until then the request holds its place in the
     * client's limits.
     *
     * @return the sink
     */
    public static BodySink inputStream() {
        return INPUT_STREAM;
    }

    /**
     * Both this and the other sink: e.g. {@code BodySink.sha256().and(BodySink.file(p))}; streamed sinks do not
     * combine.
     *
     * @param other the other sink
     * @return a sink doing what both do (this one's file, if both have one)
     */
    public BodySink and(BodySink other) {
        if (streams() || other.streams()) {
            throw new IllegalArgumentException("a streamed body sink does not combine with another sink");
        }
        return new BodySink(keepInMemory || other.keepInMemory, hashSha256 || other.hashSha256,
                file != null ? file : other.file, file != null ? resumeFile : other.resumeFile, null, false);
    }

    /** {@return whether the body is only counted} */
    public boolean discards() {
        return !keepInMemory && !hashSha256 && file == null && !streams();
    }

    /** {@return whether the body goes to the caller as it arrives ({@link #subscriber} or {@link #inputStream})} */
    public boolean streams() {
        return subscriber != null || asInputStream;
    }
}
