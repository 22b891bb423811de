package dev.shoal;

import dev.shoal.internal.upload.InputStreamPublisher;
import dev.shoal.internal.upload.RequestBodies;
import dev.shoal.internal.upload.UploadSource;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A request body, in the spirit of the JDK's {@code HttpRequest.BodyPublishers} and OkHttp's
 * {@code RequestBody}: bytes in memory, a file, a stream, a publisher, or a form. Everything but bytes is
 * streamed as it is sent, with backpressure (the connection's writability, HTTP/2's flow-control window),
 * never read whole into memory.
 *
 * <p>A body with a known length goes with {@code Content-Length}; one whose length is unknown (-1) goes
 * with {@code Transfer-Encoding: chunked} on HTTP/1.1 (HTTP/2 frames it by itself). A body is
 * <em>replayable</em> when it can be sent again from the start — bytes, a file, an input stream supplier —
 * so that a retry or a 307/308 redirect may send it again; a one-shot publisher cannot, and such a
 * retry or redirect ends in a failure that says so.
 */
public final class RequestBody {
    private static final RequestBody EMPTY = new RequestBody(new UploadSource.Bytes(new byte[0]), null, null);
    private static final String FORM_TYPE = "application/x-www-form-urlencoded";

    static {
        RequestBodies.install(new RequestBodies.Access() {
            @Override
            public UploadSource source(RequestBody body) {
                return body.source;
            }

            @Override
            public boolean claim(RequestBody body) {
                return body.sent == null || body.sent.compareAndSet(false, true);
            }

            @Override
            public boolean canSendAgain(RequestBody body) {
                return body.sent == null || !body.sent.get();
            }
        });
    }

    private final UploadSource source;
    private final String contentType;
    /** Set once a one-shot body has been sent; null for a replayable body. */
    private final AtomicBoolean sent;

    private RequestBody(UploadSource source, String contentType, AtomicBoolean sent) {
        this.source = source;
        this.contentType = contentType;
        this.sent = sent;
    }

    /** {@return no body: the empty body} */
    public static RequestBody empty() {
        return EMPTY;
    }

    /**
     * These bytes (not copied: do not change them while the request may be sent).
     *
     * @param bytes the bytes
     * @return the body
     */
    public static RequestBody of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new RequestBody(new UploadSource.Bytes(bytes), null, null);
    }

    /**
     * The text in UTF-8.
     *
     * @param text the text
     * @return the body
     */
    public static RequestBody of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The file's content, read from disk as it is sent: on cleartext HTTP/1.1 handed to the kernel without
     * copying ({@code sendfile}), otherwise read in chunks. Its length is its size when each attempt starts.
     *
     * @param file the file
     * @return the body
     */
    public static RequestBody ofFile(Path file) {
        return new RequestBody(new UploadSource.FileContent(Objects.requireNonNull(file, "file")), null, null);
    }

    /**
     * What the streams from {@code streams} give, read in chunks on a thread of Shoal's (the stream may
     * block); a new stream for every attempt, so the body is replayable. Each stream is closed after use.
     *
     * @param length the number of bytes, or -1 when unknown (sent chunked on HTTP/1.1)
     * @param streams a new stream per attempt
     * @return the body
     */
    public static RequestBody ofInputStream(Supplier<? extends InputStream> streams, long length) {
        Objects.requireNonNull(streams, "streams");
        checkLength(length);
        return new RequestBody(new UploadSource.Stream(() -> new InputStreamPublisher(streams), length), null, null);
    }

    /**
     * What {@code publisher} publishes, requested as the connection can take it; one-shot: a retry or a
     * redirect that would send it again fails instead. The buffers handed over become Shoal's.
     *
     * @param length the number of bytes, or -1 when unknown (sent chunked on HTTP/1.1)
     * @param publisher the publisher
     * @return the body
     */
    public static RequestBody ofPublisher(Flow.Publisher<? extends ByteBuffer> publisher, long length) {
        Objects.requireNonNull(publisher, "publisher");
        checkLength(length);
        return new RequestBody(new UploadSource.Stream(() -> publisher, length), null, new AtomicBoolean());
    }

    /**
     * An {@code application/x-www-form-urlencoded} form of these fields, in the map's order (use a
     * {@code LinkedHashMap} to choose it); names and values are encoded as UTF-8.
     *
     * @param fields the fields
     * @return the body
     */
    public static RequestBody form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(urlEncode(f.getKey())).append('=').append(urlEncode(f.getValue()));
        }
        return of(sb.toString()).withContentType(FORM_TYPE);
    }

    /**
     * {@code text} encoded for a form field: UTF-8, percent-encoded, a space as {@code +}.
     *
     * @param text the text
     * @return the encoded text
     */
    public static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * The same body, sent with this {@code Content-Type} unless the request sets its own.
     *
     * @param type the content type
     * @return the body with that content type
     */
    public RequestBody withContentType(String type) {
        return new RequestBody(source, Objects.requireNonNull(type, "type"), sent);
    }

    static RequestBody multipart(UploadSource.Sequence parts, String contentType) {
        return new RequestBody(parts, contentType, null);
    }

    /** {@return the Content-Type this body goes with unless the request sets one; null for none} */
    public String contentType() {
        return contentType;
    }

    /** {@return the length in bytes as of now; -1 when unknown (or a file that cannot be read)} */
    public long contentLength() {
        try {
            return source.length();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** {@return true when the body can be sent again from the start (by a retry or a 307/308 redirect)} */
    public boolean isReplayable() {
        return sent == null;
    }

    /** {@return true for the empty body} */
    public boolean isEmpty() {
        return source instanceof UploadSource.Bytes b && b.data().length == 0;
    }

    /** {@return the bytes of a body held in memory; null for a streamed one} */
    byte[] bytesInMemory() {
        return source instanceof UploadSource.Bytes b ? b.data() : null;
    }

    private static void checkLength(long length) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
        }
    }

    /** {@return what kind of body this is, never its content} */
    @Override
    public String toString() {
        String kind;
        if (source instanceof UploadSource.Bytes b) {
            kind = b.data().length + " bytes";
        } else if (source instanceof UploadSource.FileContent f) {
            kind = "file " + f.path();
        } else if (source instanceof UploadSource.Stream) {
            kind = sent == null ? "input stream" : "one-shot publisher";
        } else {
            kind = "multipart form";
        }
        return "RequestBody[" + kind + (contentType == null ? "" : ", " + contentType) + "]";
    }
}
