package dev.shoal.internal.exchange;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import dev.shoal.internal.base.StaleConnectionException;
import dev.shoal.BodySink;
import dev.shoal.internal.body.BodyStream;
import dev.shoal.internal.body.FileResume;
import dev.shoal.internal.body.ResponseBody;
import dev.shoal.internal.upload.RequestBodies;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, whatever the protocol: the response head, the body (decoded, counted
 * against the limit, streamed to its sink), the read timeout, and how it ends — once, with a response or a
 * failure. A subclass writes the request and turns its protocol's messages into {@link #onHead},
 * {@link #onBody} and {@link #onEnd}. A streamed body ({@link BodySink#streams()}) is handed out at the head:
 * the exchange goes on feeding its {@link BodyStream}, which pauses and resumes reading from
 * {@link #readChannel()} as the caller takes the bytes. Runs on the connection's event loop only.
 */
public abstract class HttpExchange {
    protected final Call call;
    protected final Hop hop;
    protected final ShoalConfig config;
    private final CompletableFuture<Response> result = new CompletableFuture<>();

    /** The connection had served an exchange before this one: a failure may be a stale keep-alive. */
    protected boolean reused;
    /** The whole request went out. */
    protected boolean written;
    /** Some byte of a response arrived. */
    protected boolean responseStarted;
    private boolean done;
    private int status;
    private Headers headers;
    private ResponseBody body;
    private ScheduledFuture<?> readTimer;
    /** When the request went out and the response head came (System.nanoTime; 0: not yet). */
    private long sentNanos;
    private long headNanos;
    /** When some of a streamed request body last went out (System.nanoTime; 0: none yet). */
    private long lastSentNanos;
    /** Set while a streamed body waits for its caller: the silence is ours, not the server's. */
    private boolean readingPaused;
    private boolean streamed;

    /** The partial file this exchange asks the server to continue (a resumable file sink), or null. */
    private final FileResume.Point resumeFrom;

    protected HttpExchange(Call call, Hop hop, ShoalConfig config) {
        this.call = call;
        this.config = config;
        BodySink sink = call == null ? null : call.request().sink();  // a benchmark encodes requests without a call
        this.resumeFrom = sink != null && sink.resumeFile() && hop.method().equals("GET")
                ? FileResume.probe(sink.file(), call.request().url()) : null;
        this.hop = resumeFrom == null ? hop : new Hop(hop.url(), hop.origin(), hop.pathAndQuery(), hop.method(),
                resumeFrom.apply(hop.headers()), hop.body());
    }

    public Call call() {
        return call;
    }

    public CompletableFuture<Response> result() {
        return result;
    }

    /** Whether {@code code} can be a response's status: three digits (RFC 9110 15); parsers read any number. */
    protected static boolean isStatusCode(int code) {
        return code >= 100 && code <= 999;
    }

    protected final boolean isDone() {
        return done;
    }

    protected final boolean hasHead() {
        return headers != null;
    }

    protected final long bodyBytes() {
        return body == null ? 0 : body.bytes();
    }

    /** The whole request went out. */
    protected final void requestWritten() {
        written = true;
        sentNanos = System.nanoTime();
        call.events().requestSent(hop.method(), hop.url());
    }

    /** The final response head (not a 1xx): the body that follows goes to the sink, or nowhere for a followed redirect. */
    protected final void onHead(int status, Headers headers) {
        this.status = status;
        this.headers = headers;
        headNanos = System.nanoTime();
        call.events().responseHeaders(status, headers);
        String encoding = headers.get("Content-Encoding");
        long max = config.maxBodyBytes();
        boolean followed = call.followsRedirect(status, headers);
        BodySink sink = call.request().sink();
        if (followed) {
            body = ResponseBody.discard(encoding, max);
        } else if (sink.streams()) {
            streamHead(sink, encoding, max);
        } else if ((status == 304 || leavesPartialFile(status)) && sink.file() != null) {
            // a 304 has no body: the file keeps the body the request's validators named, untouched; an error
            // to our Range (a 503, say) says nothing of the partial file, which stays for a later attempt
            body = ResponseBody.open(new BodySink(sink.keepInMemory(), sink.hashSha256(), null, false, null, false),
                    encoding, max);
        } else if (sink.resumeFile()) {
            long keep = keepOfPartialFile(sink, status, headers);
            // a 416 to our Range: the partial file is the whole body already (kept, FileResume.keep), or no good
            // (the body shrank): either way the next download starts over
            String validator = resumeFrom != null && status == 416 ? null : FileResume.validator(headers);
            long fileEnd = keep > 0 ? FileResume.fileEnd(headers.get("Content-Range")) : -1;
            body = ResponseBody.open(sink, encoding, max, keep, call.request().url(), validator, fileEnd);
        } else {
            body = ResponseBody.open(sink, encoding, max);
        }
    }

    /** Whether this response is no answer about the partial file we asked the rest of: not 2xx, nor 416. */
    private boolean leavesPartialFile(int status) {
        return resumeFrom != null && (status < 200 || status > 299) && status != 416;
    }

    /** {@link FileResume#keep}, forgetting the partial file when the server's 206 cannot continue it. */
    private long keepOfPartialFile(BodySink sink, int status, Headers headers) {
        try {
            return FileResume.keep(resumeFrom, status, headers);
        } catch (ShoalException notTheRest) {
            try {
                FileResume.forget(sink.file());  // the next attempt starts over instead of failing alike
            } catch (IOException ignored) {
                // the sidecar stays: the next attempt asks for the rest again
            }
            throw notTheRest;
        }
    }

    /** Hands out the response now; its body follows through a {@link BodyStream} as the caller asks. */
    private void streamHead(BodySink sink, String encoding, long max) {
        ResponseBuilder rb = new ResponseBuilder().status(status).headers(headers).finalUrl(hop.url())
                .protocol(protocol());
        Flow.Subscriber<? super List<ByteBuffer>> subscriber = sink.subscriber();
        if (subscriber == null) {
            HttpResponse.BodySubscriber<InputStream> in = HttpResponse.BodySubscribers.ofInputStream();
            rb.bodyStream(in.getBody().toCompletableFuture().join());  // the JDK's: complete at once
            subscriber = in;
        }
        BodyStream stream = new BodyStream(readChannel().eventLoop(), new StreamTransport(), subscriber);
        body = ResponseBody.streamed(stream, encoding, max);
        streamed = true;
        call.bodyPending(stream);
        result.complete(rb.build());
    }

    /** How a {@link BodyStream} drives this exchange (a class: see dev.shoal.internal's package-info). */
    private final class StreamTransport implements BodyStream.Transport {
        @Override
        public void reading(boolean on) {
            readingPaused = !on;
            if (on) {
                readResumed();
            }
            readChannel().config().setAutoRead(on);
        }

        @Override
        public void stop(ShoalException cause) {
            fail(cause);
        }
    }

    /** The channel whose reads carry this exchange's response: paused while a streamed body's caller waits. */
    protected abstract Channel readChannel();

    /** The protocol name the response reports. */
    protected abstract String protocol();

    /** Reading resumes after a pause: the read timeout counts from now. */
    protected abstract void readResumed();

    /**
     * A listener for the promise of a streamed request body's write, which hears the body go out: the server is
     * taking it, and will answer only when it has it all, so an upload longer than the read timeout is no silence of
     * the server's; one the server stops taking is.
     */
    protected final ChannelProgressiveFutureListener bodyProgress() {
        return new BodyProgress();
    }

    /** See {@link #bodyProgress} (a class: see dev.shoal.internal's package-info). */
    private final class BodyProgress implements ChannelProgressiveFutureListener {
        @Override
        public void operationProgressed(ChannelProgressiveFuture f, long progress, long total) {
            lastSentNanos = System.nanoTime();
        }

        @Override
        public void operationComplete(ChannelProgressiveFuture f) {
            // the write's end is heard by the listeners of the request's writes
        }
    }

    /** Body bytes as they came (the caller keeps and releases the buffer). */
    protected final void onBody(ByteBuf data) {
        if (done) {
            return;  // a streamed body's caller cancelled it on the way
        }
        if (body == null) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "body without a response head");
        }
        body.write(data);
    }

    /** The response is complete. */
    protected final void onEnd(String protocol) {
        if (done) {
            return;
        }
        ResponseBuilder rb = new ResponseBuilder().status(status).headers(headers).finalUrl(hop.url()).protocol(protocol);
        body.complete(rb);
        done = true;
        cancelReadTimer();
        timed();
        call.events().responseEnd(body.bytes());
        finished(true);
        if (!streamed) {
            result.complete(rb.build());
        }
    }

    /** Ends the exchange with {@code e}, unless it has ended already. */
    public final void fail(ShoalException e) {
        if (done) {
            return;
        }
        done = true;
        cancelReadTimer();
        timed();
        if (body != null) {
            body.abandon(e);
        }
        finished(false);
        result.completeExceptionally(classify(e));
    }

    /**
     * Adds this exchange's wait and download, as far as they went, to the call's timings. An answer that came
     * before the request was all written has no wait to tell.
     */
    private void timed() {
        long now = System.nanoTime();
        if (headNanos != 0) {
            call.addExchange(sentNanos == 0 ? 0 : headNanos - sentNanos, now - headNanos);
        } else if (sentNanos != 0) {
            call.addExchange(now - sentNanos, 0);
        }
    }

    /** The call ended before this exchange began: nothing was sent. */
    public final void abandon() {
        done = true;
        result.completeExceptionally(Internal.shoalException(ErrorKind.CANCELLED, "cancelled"));
    }

    /** The exchange has ended (before its result is told): give the connection's slot back. */
    protected abstract void finished(boolean completed);

    /** When the last response byte arrived for this exchange (System.nanoTime). */
    protected abstract long lastReadNanos();

    /**
     * What the caller is told of {@code e}: a reused connection that closed before any response byte most
     * likely sat stale in the pool, so the request may go again on a fresh connection, if sending it twice is
     * harmless or it was never sent.
     */
    protected RuntimeException classify(ShoalException e) {
        if (reused && !responseStarted && e.kind() == ErrorKind.CONNECTION_CLOSED && replayable()) {
            return new StaleConnectionException(e);
        }
        return e;
    }

    protected final boolean replayable() {
        return (Request.isIdempotent(hop.method()) || !written) && RequestBodies.canSendAgain(hop.body());
    }

    /** Watches for silence: no response byte for the read timeout fails the exchange. */
    protected final void startReadTimer(EventLoop loop) {
        long timeout = config.readTimeout().toNanos();
        if (timeout > 0) {
            readTimer = loop.schedule(new ReadCheck(loop, timeout), timeout, TimeUnit.NANOSECONDS);
        }
    }

    /** Fails the exchange after the read timeout of silence, or looks again when bytes came meanwhile. */
    private final class ReadCheck implements Runnable {  // a class, not a lambda: see dev.shoal.internal's package-info
        private final EventLoop loop;
        private final long timeout;

        ReadCheck(EventLoop loop, long timeout) {
            this.loop = loop;
            this.timeout = timeout;
        }

        @Override
        public void run() {
            long next = checkRead(timeout);
            if (next > 0) {
                readTimer = loop.schedule(this, next, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * The read timeout's check, for a timer to run: fails this exchange after {@code timeout} of silence from the
     * server. Returns the nanoseconds until the next check is due, or 0 when none is (the exchange has ended).
     */
    public final long checkRead(long timeout) {
        if (done) {
            return 0;
        }
        if (readingPaused) {
            return timeout;  // the caller is not reading: not the server's silence
        }
        long now = System.nanoTime();
        long idle = now - lastReadNanos();
        if (lastSentNanos != 0) {
            idle = Math.min(idle, now - lastSentNanos);
        }
        if (idle >= timeout) {
            fail(Internal.shoalException(ErrorKind.READ_TIMEOUT, "no data for " + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms"));
            return 0;
        }
        return timeout - idle;
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }
}
