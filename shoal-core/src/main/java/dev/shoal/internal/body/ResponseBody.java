package dev.shoal.internal.body;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.internal.Internal;
import dev.shoal.internal.ResponseBuilder;

import dev.shoal.ShoalException;
import io.netty.buffer.ByteBuf;

/**
 * A response body as its bytes arrive, whatever the protocol: decoded when Content-Encoded, counted
 * against the size limit after decoding, and handed to its {@link BodyWriter}.
 */
public final class ResponseBody {
    private final BodyWriter writer;
    private final long maxBytes;
    private ContentDecoder decoder;

    private ResponseBody(BodyWriter writer, ContentDecoder decoder, long maxBytes) {
        this.writer = writer;
        this.decoder = decoder;
        this.maxBytes = maxBytes;
    }

    /** A body going to {@code sink}, decoded per {@code contentEncoding} (null: as it is). */
    public static ResponseBody open(BodySink sink, String contentEncoding, long maxBytes) {
        return new ResponseBody(BodyWriter.open(sink), ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    /** A body nobody will see (a redirect that is followed): counted, decoded for the limit, dropped. */
    public static ResponseBody discard(String contentEncoding, long maxBytes) {
        return new ResponseBody(BodyWriter.discard(), ContentDecoder.forEncoding(contentEncoding), maxBytes);
    }

    public long bytes() {
        return writer.bytes();
    }

    /** Takes the readable bytes of {@code encoded} (the caller keeps and releases it). */
    public void write(ByteBuf encoded) {
        if (decoder != null) {
            decoder.decode(encoded, this::accept);
        } else {
            accept(encoded);
        }
    }

    private void accept(ByteBuf decoded) {
        if (writer.bytes() + decoded.readableBytes() > maxBytes) {
            throw Internal.shoalException(ErrorKind.BODY_TOO_LARGE, "body larger than " + maxBytes + " bytes");
        }
        writer.write(decoded);
    }

    /** The body ended: checks the encoding was complete and fills in what the sink produced. */
    public void complete(ResponseBuilder response) {
        if (decoder != null) {
            try {
                decoder.finish(this::accept);
            } finally {
                closeDecoder();
            }
        }
        writer.complete(response);
    }

    /** The body will never be complete. */
    public void abandon() {
        closeDecoder();
        writer.abandon();
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
