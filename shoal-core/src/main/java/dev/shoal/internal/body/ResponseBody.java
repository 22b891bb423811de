package dev.shoal.internal.body;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;

import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A response body as its bytes arrive, whatever the protocol: decoded when Content-Encoded, counted
 * against the size limit after decoding, and handed to its {@link BodyWriter}.
 */
public final class ResponseBody {
    private final BodyWriter writer;
    private final BodyStream stream;
    private final long maxBytes;
    private ContentDecoder decoder;
    private long bytes;
    /** Takes the decoder's output; made only when there is a decoder (most bodies have none). */
    private final Consumer<ByteBuf> accept;
    /** A streamed body's decoder hands on pieces only while its queue has room; the rest waits in the decoder. */
    private final BooleanSupplier room;
    private final DecodedLater later;
    /** All the encoded body has arrived (a streamed body whose decoded rest may still wait in the decoder). */
    private boolean inputEnded;

    private ResponseBody(BodyWriter writer, BodyStream stream, ContentDecoder decoder, long maxBytes) {
        this.writer = writer;
        this.stream = stream;
        this.decoder = decoder;
        this.accept = decoder == null ? null : this::accept;
        this.maxBytes = maxBytes;
        this.room = stream == null ? null : stream::hasRoom;
        this.later = stream == null ? null : new DecodedLater();
    }

    /** A body going to {@code sink}, decoded per {@code contentEncoding} (null: as it is). */
    public static ResponseBody open(BodySink sink, String contentEncoding, long maxBytes) {
        return new ResponseBody(BodyWriter.open(sink), null, ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    /**
     * A body going to {@code sink}, whose file keeps the first {@code keep} bytes of its partial file and notes
     * {@code url} and {@code validator} for a later resume (see {@link FileResume}); the file is complete only
     * at {@code fileEnd} bytes, when that is known (else -1).
     */
    public static ResponseBody open(BodySink sink, String contentEncoding, long maxBytes, long keep, String url,
                                    String validator, long fileEnd) {
        return new ResponseBody(BodyWriter.open(sink, keep, url, validator, fileEnd), null,
                ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    /** A body streamed to its caller through {@code stream}, decoded per {@code contentEncoding}. */
    public static ResponseBody streamed(BodyStream stream, String contentEncoding, long maxBytes) {
        return new ResponseBody(null, stream, ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    /** A body nobody will see (a redirect that is followed): counted, decoded for the limit, dropped. */
    public static ResponseBody discard(String contentEncoding, long maxBytes) {
        return new ResponseBody(BodyWriter.discard(), null, ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    public long bytes() {
        return bytes;
    }

    /** Takes the readable bytes of {@code encoded} (the caller keeps and releases it). */
    public void write(ByteBuf encoded) {
        if (decoder == null) {
            accept(encoded);
        } else if (stream == null) {
            decoder.decode(encoded, accept);
        } else if (!decoder.decode(encoded, accept, room)) {
            stream.waiting(later);
        }
    }

    /** A streamed body's decoded bytes that did not fit in its queue, decoded as the subscriber takes the rest. */
    private final class DecodedLater implements BodyStream.Pending {
        @Override
        public void pull() {
            if (decoder == null) {
                return;
            }
            try {
                if (!decoder.decode(Unpooled.EMPTY_BUFFER, accept, room)) {
                    stream.waiting(this);
                } else if (inputEnded) {
                    finishDecoder();
                }
            } catch (ShoalException e) {
                closeDecoder();
                stream.abort(e);  // the body limit, or a corrupt stream: the exchange may have ended already
            }
        }

        @Override
        public void drop() {
            closeDecoder();
        }
    }

    private void accept(ByteBuf decoded) {
        if (bytes + decoded.readableBytes() > maxBytes) {
            throw Internal.shoalException(ErrorKind.BODY_TOO_LARGE, "body larger than " + maxBytes + " bytes");
        }
        bytes += decoded.readableBytes();
        if (stream != null) {
            stream.write(decoded);
        } else {
            writer.write(decoded);
        }
    }

    /** The body ended: checks the encoding was complete and fills in what the sink produced. */
    public void complete(ResponseBuilder response) {
        inputEnded = true;
        if (stream == null || !stream.isWaiting()) {
            finishDecoder();  // else the decoder's rest goes out, and is finished, as the subscriber takes it
        }
        if (stream != null) {
            response.bytes(bytes);
            stream.end();
        } else {
            writer.complete(response);
        }
    }

    private void finishDecoder() {
        if (decoder != null) {
            try {
                decoder.finish(accept);
            } finally {
                closeDecoder();
            }
        }
    }

    /** The body will never be complete. */
    public void abandon() {
        abandon(Internal.shoalException(ErrorKind.CANCELLED, "the body was abandoned"));
    }

    /** The body will never be complete, because of {@code cause} (a streamed body's subscriber hears it). */
    public void abandon(ShoalException cause) {
        closeDecoder();
        if (stream != null) {
            stream.fail(cause);
        } else {
            writer.abandon();
        }
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
