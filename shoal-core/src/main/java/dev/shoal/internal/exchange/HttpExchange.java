package dev.shoal.internal.exchange;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.Call;
import dev.shoal.internal.Hop;
import dev.shoal.internal.Internal;
import dev.shoal.internal.ResponseBuilder;
import dev.shoal.internal.StaleConnectionException;
import dev.shoal.internal.body.ResponseBody;
import dev.shoal.internal.pipeline.Redirects;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, whatever the protocol: the response head, the body (decoded, counted
 * against the limit, streamed to its sink), the read timeout, and how it ends — once, with a response or a
 * failure. A subclass writes the request and turns its protocol's messages into {@link #onHead},
 * {@link #onBody} and {@link #onEnd}. Runs on the connection's event loop only.
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

    protected HttpExchange(Call call, Hop hop, ShoalConfig config) {
        this.call = call;
        this.hop = hop;
        this.config = config;
    }

    public Call call() {
        return call;
    }

    public CompletableFuture<Response> result() {
        return result;
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

    /** The final response head (not a 1xx): the body that follows goes to the sink, or nowhere for a followed redirect. */
    protected final void onHead(int status, Headers headers) {
        this.status = status;
        this.headers = headers;
        String encoding = headers.get("Content-Encoding");
        long max = config.maxBodyBytes();
        boolean followed = config.followRedirects() && Redirects.isRedirect(status) && headers.contains("Location");
        body = followed ? ResponseBody.discard(encoding, max) : ResponseBody.open(call.request().sink(), encoding, max);
    }

    /** Body bytes as they came (the caller keeps and releases the buffer). */
    protected final void onBody(ByteBuf data) {
        if (body == null) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "body without a response head");
        }
        body.write(data);
    }

    /** The response is complete. */
    protected final void onEnd(String protocol) {
        ResponseBuilder rb = new ResponseBuilder().status(status).headers(headers).finalUrl(hop.url()).protocol(protocol);
        body.complete(rb);
        done = true;
        cancelReadTimer();
        finished(true);
        result.complete(rb.build());
    }

    /** Ends the exchange with {@code e}, unless it has ended already. */
    public final void fail(ShoalException e) {
        if (done) {
            return;
        }
        done = true;
        cancelReadTimer();
        if (body != null) {
            body.abandon();
        }
        finished(false);
        result.completeExceptionally(classify(e));
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
        return Request.isIdempotent(hop.method()) || !written;
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
            if (done) {
                return;
            }
            long idle = System.nanoTime() - lastReadNanos();
            if (idle >= timeout) {
                fail(Internal.shoalException(ErrorKind.READ_TIMEOUT, "no data for " + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms"));
            } else {
                readTimer = loop.schedule(this, timeout - idle, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void cancelReadTimer() {
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }
}
