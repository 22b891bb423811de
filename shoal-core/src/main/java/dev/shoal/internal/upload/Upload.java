package dev.shoal.internal.upload;

import dev.shoal.internal.base.Internal;
import dev.shoal.ErrorKind;
import dev.shoal.RequestBody;
import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.handler.stream.ChunkedInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;

/**
 * A request body as one attempt sends it: its length fixed when the attempt starts (a file's size then),
 * and its bytes as the protocol wants them: the array itself, the file for a zero-copy region, or chunks
 * read as the connection can take them.
 */
public final class Upload {
    /**
     * A file's chunk when it is copied (over TLS, HTTP/2, or to a peer on this machine): larger than curl's
     * 64 KiB, so that a loopback receiver finds more in each wake-up and the writes are fewer; measured in
     * bench/README.md ("Uploads"). At most a couple are in flight, under the channel's write buffer's mark.
     */
    static final int CHUNK = 256 * 1024;
    private static final Upload NONE = new Upload(RequestBody.empty(), new UploadSource.Bytes(new byte[0]), 0);

    private final RequestBody body;
    private final UploadSource source;
    private final long length;

    private Upload(RequestBody body, UploadSource source, long length) {
        this.body = body;
        this.source = source;
        this.length = length;
    }

    /** Fails with {@code io} when a file cannot be read, {@code invalid_request} for a one-shot body sent before. */
    public static Upload open(RequestBody body) {
        if (body == RequestBody.empty()) {
            return NONE;  // most requests: nothing to measure or claim
        }
        if (!RequestBodies.canSendAgain(body)) {
            throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "cannot send the request: " + RequestBodies.ONE_SHOT);
        }
        UploadSource source = RequestBodies.source(body);
        try {
            return new Upload(body, source, source.length());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The length in bytes, or -1 when only the end of the body tells (chunked on HTTP/1.1). */
    public long length() {
        return length;
    }

    /** The body's bytes when it is held in memory, else null. */
    public byte[] bytes() {
        return source instanceof UploadSource.Bytes b ? b.data() : null;
    }

    /** The file when the body is exactly one file, else null. */
    public Path file() {
        return source instanceof UploadSource.FileContent f ? f.path() : null;
    }

    /**
     * The body as chunks, read as the writer asks; {@code resume}, run on {@code loop}, brings the writer back
     * when a chunk that was not ready arrives. A known length is enforced.
     */
    public ChunkedInput<ByteBuf> chunks(Executor loop, Runnable resume) {
        if (!RequestBodies.claim(body)) {
            throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "cannot send the request: " + RequestBodies.ONE_SHOT);
        }
        ChunkedInput<ByteBuf> in = open(source, loop, resume);
        return length >= 0 ? new CountedChunks(in, length) : in;
    }

    private ChunkedInput<ByteBuf> open(UploadSource s, Executor loop, Runnable resume) {
        if (s instanceof UploadSource.Bytes b) {
            return new BytesChunks(b.data());
        }
        if (s instanceof UploadSource.FileContent f) {
            if (!Files.isRegularFile(f.path())) {
                // a device or a pipe: read where a blocking read cannot stall an event loop
                return open(new UploadSource.Stream(() -> new InputStreamPublisher(() -> openStream(f.path())), -1), loop, resume);
            }
            try {
                FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ);
                return new FileChunks(ch, ch.size(), CHUNK);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        if (s instanceof UploadSource.Stream st) {
            return new PublisherChunks(st.publishers().get(), st.declaredLength(), loop, resume);
        }
        UploadSource.Sequence seq = (UploadSource.Sequence) s;
        return new SequenceChunks(seq.parts(), part -> open(part, loop, resume), length);
    }

    private static InputStream openStream(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ShoalException unreadable(IOException e) {
        String what = e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Internal.shoalException(ErrorKind.IO, "cannot read the request body: " + what, e);
    }
}
