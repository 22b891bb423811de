package dev.shoal.internal.http1;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.exchange.HttpExchange;
import dev.shoal.internal.exchange.RequestHeaders;
import dev.shoal.internal.upload.Upload;
import dev.shoal.internal.upload.ZeroCopy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.ReferenceCountUtil;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * One request and its response on an {@link Http1Connection}: writes the request and turns the codec's
 * messages into the response head and body; 1xx heads are skipped. The connection is reusable afterwards
 * when both sides kept it alive. Runs on the connection's event loop only.
 */
final class Http1Exchange extends HttpExchange implements ChannelFutureListener {
    private final Http1Connection connection;
    private boolean informational;
    private boolean keepAlive;
    /** The request's write failed with the output shut: the exchange waits for the server's answer or close. */
    private Throwable writeFailure;

    Http1Exchange(Http1Connection connection, Call call, Hop hop) {
        super(call, hop, connection.config());
        this.connection = connection;
    }

    void start(boolean reused) {
        this.reused = reused;
        var channel = connection.channel();
        call.onAbort(connection.closeChannel);  // the deadline or a cancel ends the exchange by closing its connection
        if (!channel.isActive()) {
            fail(Errors.closed("connection closed before the request was sent", null));
            return;
        }
        Upload upload;
        Object body;
        try {
            upload = Upload.open(hop.body());
            body = upload.bytes() != null ? null : bodyMessage(upload);
        } catch (ShoalException e) {
            fail(e);
            return;
        }
        connection.decoder().expectHead(hop.method().equals("HEAD"));
        connection.lastReadNanos = System.nanoTime();
        connection.watchReads();
        if (body == null) {
            channel.writeAndFlush(encode(upload)).addListener(this);
            return;
        }
        FailOnError failOnError = new FailOnError();
        channel.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(hop.method()), hop.pathAndQuery(),
                headers(upload))).addListener(failOnError);
        ChannelProgressivePromise sending = channel.newProgressivePromise();
        sending.addListener(bodyProgress());
        if (body instanceof FileRegion) {
            channel.write(body, sending).addListener(failOnError);
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this);
        } else {
            channel.writeAndFlush(body, sending).addListener(this);
        }
    }

    /**
     * A streamed body's message: a file as a region the kernel sends without copying (cleartext only: TLS
     * must encrypt every byte in user space; and to a peer on another machine only: see {@link ZeroCopy}),
     * or chunks written as the connection can take them.
     */
    private Object bodyMessage(Upload upload) {
        Path file = upload.file();
        if (file != null && upload.length() >= 0 && !RequestHeaders.isChunked(hop) && connection.isCleartext()
                && ZeroCopy.suits(connection.channel().remoteAddress())) {
            return new DefaultFileRegion(file.toFile(), 0, upload.length());
        }
        ChunkedWriteHandler writer = connection.chunkedWriter();
        return new HttpChunkedInput(upload.chunks(connection.channel().eventLoop(), writer::resumeTransfer));
    }

    /** A write before the last failed: the exchange fails (the last write's listener sees the same failure). */
    private final class FailOnError implements ChannelFutureListener {
        @Override
        public void operationComplete(ChannelFuture f) {
            if (!f.isSuccess()) {
                writeFailed(f.cause());
            }
        }
    }

    /** The request's write has ended (the exchange is its own listener: see dev.shoal.internal's package-info). */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (f.isSuccess()) {
            requestWritten();
        } else {
            writeFailed(f.cause());
        }
    }

    /**
     * The request could not be written whole. When the socket refused it (its output is shut, its input open),
     * the server may have answered before it stopped reading, as with a 413 to a large upload, and its answer may
     * wait unread: the exchange ends with that answer, or with this failure when the connection closes without
     * one. Any other failure (the body's own: a file that cannot be read) ends it now.
     */
    private void writeFailed(Throwable cause) {
        if (isDone() || writeFailure != null) {
            return;  // ended, or waiting already: every write after the first failed one fails alike
        }
        var channel = connection.channel();
        if (channel.isActive() && channel instanceof DuplexChannel d && d.isOutputShutdown()) {
            writeFailure = cause;
            return;
        }
        fail(Errors.exchangeFailure(cause));
    }

    private DefaultFullHttpRequest encode(Upload upload) {
        byte[] content = upload.bytes();
        ByteBuf buf = content.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content);
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(hop.method()), hop.pathAndQuery(),
                buf, headers(upload), EmptyHttpHeaders.INSTANCE);
    }

    private HttpHeaders headers(Upload upload) {
        Fields fields = new Fields(1 + hop.headers().size() + RequestHeaders.MAX_ADDED);
        if (!hop.headers().contains("Host")) {
            fields.accept(HttpHeaderNames.HOST, connection.host(hop.origin()));
        }
        RequestHeaders.forEach(hop, config, upload.length(), fields);
        return fields.headers();
    }

    /**
     * A request's header fields, in the array-backed headers Netty reads as they are: the request is
     * written once, so a hash table of its fields (Netty's default) would be built only to be iterated.
     */
    private static final class Fields implements BiConsumer<CharSequence, CharSequence> {
        private final CharSequence[] namesAndValues;
        private int size;

        Fields(int max) {
            namesAndValues = new CharSequence[2 * max];
        }

        @Override
        public void accept(CharSequence name, CharSequence value) {
            namesAndValues[size++] = name;
            namesAndValues[size++] = value;
        }

        HttpHeaders headers() {
            CharSequence[] exact = namesAndValues;
            if (size < exact.length) {
                // not Arrays.copyOf: for an array of a type other than Object[] it makes the new array through
                // reflection, a call into the VM under the launcher's C1-only JIT
                exact = new CharSequence[size];
                System.arraycopy(namesAndValues, 0, exact, 0, size);
            }
            return new ReadOnlyHttpHeaders(false, exact);
        }
    }

    void bytesArrived() {
        responseStarted = true;
    }

    void onMessage(Object msg) {
        try {
            if (isDone()) {
                return;
            }
            if (msg instanceof HttpResponse r) {
                onHead(r);
            }
            if (!isDone() && msg instanceof HttpContent c) {
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
        if (!isStatusCode(code)) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "malformed response: status " + code + " is not 100 to 999");
        }
        if (code >= 100 && code < 200 && code != 101) {
            informational = true;  // 100 Continue, 103 Early Hints: the real response follows
            return;
        }
        keepAlive = code != 101 && HttpUtil.isKeepAlive(r);  // a 101 we never asked for leaves the connection out of step
        onHead(code, connection.responseHeaders.copy(r.headers().iteratorCharSequence(), r.headers().size()));
    }

    private void onContent(HttpContent c) {
        checkDecoded(c.decoderResult());
        if (informational) {
            informational = !(c instanceof LastHttpContent);
            return;
        }
        onBody(c.content());
        if (c instanceof LastHttpContent) {
            onEnd(connection.protocol());
        }
    }

    private static void checkDecoded(DecoderResult r) {
        if (r.isFailure()) {
            Throwable cause = r.cause();
            if (cause instanceof PrematureChannelClosureException) {
                throw Errors.closed("connection closed before the response was complete", cause);
            }
            String m = cause.getMessage();
            throw Internal.shoalException(ErrorKind.PROTOCOL, "malformed response: "
                    + (m == null ? cause.getClass().getSimpleName() : firstLine(m)), cause);
        }
    }

    /** The connection closed while this exchange was in progress. */
    void onClosed() {
        if (isDone()) {
            return;
        }
        if (writeFailure != null && !hasHead()) {
            fail(Errors.exchangeFailure(writeFailure));  // no answer came: the failure is the write's, as it was
        } else if (!hasHead() && responseStarted) {
            fail(Internal.shoalException(ErrorKind.PROTOCOL, "connection closed before a complete HTTP response head"));
        } else if (!hasHead()) {
            fail(Errors.closed("connection closed before any response", null));
        } else {
            fail(Errors.closed("connection closed after " + bodyBytes()
                    + " body bytes, before the response was complete", null));
        }
    }

    @Override
    protected void finished(boolean completed) {
        // a body still going out: the server answered early; bytes beyond the response: out of step with the server
        boolean reusable = completed && keepAlive && written && !connection.decoder().holdsBytes();
        if (reusable) {
            call.stepEnded(connection.closeChannel);  // the connection goes back to the pool: no longer ours to close
        }
        connection.finished(this, reusable);
    }

    @Override
    protected long lastReadNanos() {
        return connection.lastReadNanos;
    }

    @Override
    protected io.netty.channel.Channel readChannel() {
        return connection.channel();
    }

    @Override
    protected String protocol() {
        return connection.protocol();
    }

    @Override
    protected void readResumed() {
        connection.lastReadNanos = System.nanoTime();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}
