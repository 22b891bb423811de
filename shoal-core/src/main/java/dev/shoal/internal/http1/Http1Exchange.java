package dev.shoal.internal.http1;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.Call;
import dev.shoal.internal.Errors;
import dev.shoal.internal.Hop;
import dev.shoal.internal.StaleConnectionException;
import dev.shoal.internal.body.BodyWriter;
import dev.shoal.internal.body.ContentDecoder;
import dev.shoal.internal.pipeline.Redirects;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on an {@link Http1Connection}: writes the request, reads the head,
 * streams the (decoded) body into the sink while counting it against the limit, and watches the read
 * timeout. Runs on the connection's event loop only.
 */
final class Http1Exchange {
    private final Http1Connection connection;
    private final Call call;
    private final Hop hop;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final long readTimeoutNanos;
    private final long maxBodyBytes;

    private boolean reused;
    private boolean written;
    private boolean bytesArrived;
    private boolean informational;
    private boolean done;
    private int status;
    private boolean keepAlive;
    private Headers headers;
    private ContentDecoder decoder;
    private BodyWriter body;
    private ScheduledFuture<?> readTimer;

    Http1Exchange(Http1Connection connection, Call call, Hop hop) {
        this.connection = connection;
        this.call = call;
        this.hop = hop;
        this.readTimeoutNanos = connection.config().readTimeout().toNanos();
        this.maxBodyBytes = connection.config().maxBodyBytes();
    }

    Call call() {
        return call;
    }

    CompletableFuture<Response> result() {
        return result;
    }

    void start(boolean reused) {
        this.reused = reused;
        var channel = connection.channel();
        call.onAbort(channel::close);  // the deadline or a cancel ends the exchange by closing its connection
        if (!channel.isActive()) {
            fail(Errors.closed("connection closed before the request was sent", null));
            return;
        }
        connection.lastReadNanos = System.nanoTime();
        if (readTimeoutNanos > 0) {
            readTimer = channel.eventLoop().schedule(this::checkRead, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        channel.writeAndFlush(encode()).addListener(f -> {
            if (f.isSuccess()) {
                written = true;
            } else {
                fail(Errors.exchangeFailure(f.cause()));
            }
        });
    }

    private DefaultFullHttpRequest encode() {
        HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        Headers user = hop.headers();
        for (int i = 0; i < user.size(); i++) {
            h.add(user.name(i), user.value(i));
        }
        if (!h.contains(HttpHeaderNames.HOST)) h.set(HttpHeaderNames.HOST, hop.origin().authority());
        if (!h.contains(HttpHeaderNames.USER_AGENT)) h.set(HttpHeaderNames.USER_AGENT, connection.config().userAgent());
        if (!h.contains(HttpHeaderNames.ACCEPT)) h.set(HttpHeaderNames.ACCEPT, "*/*");
        if (!h.contains(HttpHeaderNames.ACCEPT_ENCODING)) h.set(HttpHeaderNames.ACCEPT_ENCODING, ContentDecoder.ACCEPT_ENCODING);
        byte[] content = hop.body();
        if (content.length > 0 || expectsBody(hop.method())) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, content.length);
        }
        ByteBuf buf = content.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content);
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(hop.method()), hop.pathAndQuery(),
                buf, h, EmptyHttpHeaders.INSTANCE);
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    void bytesArrived() {
        bytesArrived = true;
    }

    void onMessage(Object msg) {
        try {
            if (done) {
                return;
            }
            if (msg instanceof HttpResponse r) {
                onHead(r);
            }
            if (!done && msg instanceof HttpContent c) {
                onContent(c);
            }
        } catch (ShoalException e) {
            fail(e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpResponse r) {
        checkDecoded(r.decoderResult());
        int code = r.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            informational = true;  // 100 Continue, 103 Early Hints: the real response follows
            return;
        }
        status = code;
        keepAlive = HttpUtil.isKeepAlive(r);
        headers = copy(r.headers());
        decoder = ContentDecoder.forEncoding(r.headers().get(HttpHeaderNames.CONTENT_ENCODING));
        body = willBeFollowed() ? BodyWriter.discard() : BodyWriter.open(call.request().sink());
    }

    /** A redirect the pipeline will follow: its body goes nowhere. */
    private boolean willBeFollowed() {
        return connection.config().followRedirects() && Redirects.isRedirect(status) && headers.contains("Location");
    }

    private void onContent(HttpContent c) {
        checkDecoded(c.decoderResult());
        if (informational) {
            informational = !(c instanceof LastHttpContent);
            return;
        }
        if (body == null) {
            throw new ShoalException(ErrorKind.PROTOCOL, "body without a response head");
        }
        ByteBuf data = c.content();
        if (decoder != null) {
            decoder.decode(data, this::accept);
        } else {
            accept(data);
        }
        if (c instanceof LastHttpContent) {
            complete();
        }
    }

    private void accept(ByteBuf decoded) {
        if (body.bytes() + decoded.readableBytes() > maxBodyBytes) {
            throw new ShoalException(ErrorKind.BODY_TOO_LARGE, "body larger than " + maxBodyBytes + " bytes");
        }
        body.write(decoded);
    }

    private static void checkDecoded(DecoderResult r) {
        if (r.isFailure()) {
            Throwable cause = r.cause();
            if (cause instanceof PrematureChannelClosureException) {
                throw Errors.closed("connection closed before the response was complete", cause);
            }
            String m = cause.getMessage();
            throw new ShoalException(ErrorKind.PROTOCOL, "malformed response: "
                    + (m == null ? cause.getClass().getSimpleName() : firstLine(m)), cause);
        }
    }

    private void complete() {
        if (decoder != null) {
            decoder.finish(this::accept);
            decoder.close();
            decoder = null;
        }
        Response.Builder rb = new Response.Builder().status(status).headers(headers).finalUrl(hop.url())
                .protocol(connection.protocol());
        body.complete(rb);
        done = true;
        cancelReadTimer();
        connection.finished(this, keepAlive);
        result.complete(rb.build());
    }

    /** The connection closed while this exchange was in progress. */
    void onClosed() {
        if (done) {
            return;
        }
        if (headers == null && bytesArrived) {
            fail(new ShoalException(ErrorKind.PROTOCOL, "connection closed before a complete HTTP response head"));
        } else if (headers == null) {
            fail(Errors.closed("connection closed before any response", null));
        } else {
            fail(Errors.closed("connection closed after " + (body == null ? 0 : body.bytes())
                    + " body bytes, before the response was complete", null));
        }
    }

    private void checkRead() {
        if (done) {
            return;
        }
        long idle = System.nanoTime() - connection.lastReadNanos;
        if (idle >= readTimeoutNanos) {
            fail(new ShoalException(ErrorKind.READ_TIMEOUT, "no data for " + millis(readTimeoutNanos) + " ms"));
        } else {
            readTimer = connection.channel().eventLoop().schedule(this::checkRead, readTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    void fail(ShoalException e) {
        if (done) {
            return;
        }
        done = true;
        cancelReadTimer();
        if (decoder != null) {
            decoder.close();
        }
        if (body != null) {
            body.abandon();
        }
        connection.finished(this, false);
        result.completeExceptionally(staleOrNot(e));
    }

    /** The call ended before this exchange began: nothing was sent. */
    void abandon() {
        done = true;
        result.completeExceptionally(new ShoalException(ErrorKind.CANCELLED, "cancelled"));
    }

    /**
     * A reused connection that closed before any response byte most likely sat stale in the pool: the request
     * may go again on a fresh connection, if sending it twice is harmless or it was never sent.
     */
    private RuntimeException staleOrNot(ShoalException e) {
        boolean replayable = Request.isIdempotent(hop.method()) || !written;
        if (reused && !bytesArrived && e.kind() == ErrorKind.CONNECTION_CLOSED && replayable) {
            return new StaleConnectionException(e);
        }
        return e;
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    private static Headers copy(HttpHeaders h) {
        Headers.Builder b = new Headers.Builder();
        Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            b.add(e.getKey().toString(), e.getValue().toString());
        }
        return b.build();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
