package dev.shoal.testkit;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/** Well-formed answers: a status, a delay, sized bodies, connection-closing and stale keep-alive. */
final class BasicRoutes {
    static final int MAX_BODY_BYTES = 256 << 20;
    private static final int CHUNK_BYTES = 8192;

    private BasicRoutes() {
    }

    /** {@code /status/{code}}. */
    static void status(Exchange ex) {
        long code = ex.number(1);
        if (code < 100 || code > 999) {
            ex.sendText(400, "expected /status/{code} with a code from 100 to 999\n");
            return;
        }
        ex.sendText((int) code, "status " + code + "\n");
    }

    /** {@code /delay/{ms}[?bytes=N]}: 200 after ms milliseconds. */
    static void delay(Exchange ex) {
        long millis = Math.max(0, ex.number(1));
        int bytes = bodySize(ex.query("bytes", LatencyHandler.DEFAULT_BODY_BYTES));
        ex.later(millis, () -> ex.send(200, "text/plain", DeterministicBytes.of(bytes)));
    }

    /** {@code /bytes/{n}}: n deterministic bytes with Content-Length. */
    static void bytes(Exchange ex) {
        ex.send(200, "text/plain", DeterministicBytes.of(bodySize(ex.number(1))));
    }

    /** {@code /chunked/{n}}: the same bytes as {@code /bytes/{n}}, in chunked transfer coding. */
    static void chunked(Exchange ex) {
        byte[] body = DeterministicBytes.of(bodySize(ex.number(1)));
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ex.write(response);
        if (!ex.head) {
            for (int offset = 0; offset < body.length; offset += CHUNK_BYTES) {
                int length = Math.min(CHUNK_BYTES, body.length - offset);
                ex.write(new DefaultHttpContent(Unpooled.wrappedBuffer(body, offset, length)));
            }
        }
        ex.write(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.flush();
        if (!ex.keepAlive) {
            ex.close();
        }
    }

    /** {@code /close-after}: 200 with {@code Connection: close}, then the server closes. */
    static void closeAfter(Exchange ex) {
        FullHttpResponse response = Exchange.response(200, "closing\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ex.send(response);
    }

    /**
     * {@code /close-silently}: a 200 that does not say Connection: close, then the server closes a millisecond
     * later, as servers that keep no connection alive do; a client reusing the connection races the close (a
     * request that comes meanwhile goes unanswered).
     */
    static void closeSilently(Exchange ex) {
        if (ex.request.sequenceNumber() > 0) {
            return;
        }
        ex.writeRaw(io.netty.buffer.Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n",
                java.nio.charset.StandardCharsets.US_ASCII));
        ex.later(1, ex::close);
    }

    /**
     * {@code /stale-on-reuse}: the first request on a connection gets a keep-alive 200; a later request on
     * the same connection sees it closed without an answer, as if its keep-alive had just expired.
     */
    static void staleOnReuse(Exchange ex) {
        if (ex.request.sequenceNumber() == 0) {
            ex.sendText(200, "fresh connection\n");
        } else {
            ex.close();
        }
    }

    static int bodySize(long requested) {
        return (int) Math.max(0, Math.min(MAX_BODY_BYTES, requested));
    }
}
