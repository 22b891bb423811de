package dev.shoal;

import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A complete HTTP response: status, headers, where the request ended up, how it got there, and its body
 * as the request's {@link BodySink} asked (the decoded byte count always; the bytes, their SHA-256 or a
 * file when asked). The body has been fully received when a response is handed out, except for a streamed
 * sink ({@link BodySink#subscriber}, {@link BodySink#inputStream}), whose response is handed out at its head.
 */
public final class Response {
    private final Request request;
    private final int status;
    private final Headers headers;
    private final String finalUrl;
    private final int redirects;
    private final String protocol;
    private final int attempts;
    private final long startedAtMillis;
    private final long elapsedNanos;
    private final long bytes;
    private final byte[] body;
    private final String sha256;
    private final Path bodyPath;
    private final Timings timings;
    private final InetSocketAddress remoteAddress;
    private final java.io.InputStream bodyStream;

    private Response(Builder b) {
        this.request = b.request;
        this.status = b.status;
        this.headers = b.headers;
        this.finalUrl = b.finalUrl;
        this.redirects = b.redirects;
        this.protocol = b.protocol;
        this.attempts = b.attempts;
        this.startedAtMillis = b.startedAtMillis;
        this.elapsedNanos = b.elapsedNanos;
        this.bytes = b.bytes;
        this.body = b.body;
        this.sha256 = b.sha256;
        this.bodyPath = b.bodyPath;
        this.timings = b.timings;
        this.remoteAddress = b.remoteAddress;
        this.bodyStream = b.bodyStream;
    }

    /** The request as the caller sent it (not the last redirect hop). */
    public Request request() {
        return request;
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    /** The URL of the last hop, after redirects. */
    public String finalUrl() {
        return finalUrl;
    }

    public int redirects() {
        return redirects;
    }

    /** {@code http/1.1} or {@code h2}. */
    public String protocol() {
        return protocol;
    }

    /** Attempts made, 1 when the first one succeeded. */
    public int attempts() {
        return attempts;
    }

    /** Epoch milliseconds when the request got its permit and started. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Decoded body bytes received. */
    public long bytes() {
        return bytes;
    }

    /** The body, when the sink kept it in memory; otherwise null. */
    public byte[] body() {
        return body;
    }

    /** The body as text, in the charset the Content-Type names (UTF-8 when it names none). */
    public String bodyString() {
        if (body == null) {
            return null;
        }
        Charset charset = StandardCharsets.UTF_8;
        String type = headers.get("Content-Type");
        if (type != null) {
            int i = type.toLowerCase(java.util.Locale.ROOT).indexOf("charset=");
            if (i >= 0) {
                String name = type.substring(i + 8).split(";")[0].trim().replace("\"", "");
                try {
                    charset = Charset.forName(name);
                } catch (RuntimeException ignored) {
                    // unknown charset: keep UTF-8
                }
            }
        }
        return new String(body, charset);
    }

    /** Lower-case hex SHA-256 of the decoded body, when the sink hashed it; otherwise null. */
    public String sha256() {
        return sha256;
    }

    /** Where the body was saved, when the sink was a file; otherwise null. */
    public Path bodyPath() {
        return bodyPath;
    }

    /** Where the request's time went (never null; all zero when the response was not made by a client). */
    public Timings timings() {
        return timings;
    }

    /** The address the last exchange's connection went to (a proxy's, through a proxy); null if unknown. */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The body as it arrives, when the sink was {@link BodySink#inputStream()}; otherwise null. The response
     * was handed out at its head: reading the stream receives the body (see {@link BodySink#inputStream()}).
     */
    public java.io.InputStream bodyStream() {
        return bodyStream;
    }

    @Override
    public String toString() {
        return "Response{" + status + " " + finalUrl + ", " + protocol + ", " + bytes + " bytes}";
    }

    /** Built by the client's pipeline; public so that tests and adapters can make one. */
    public static final class Builder {
        private Request request;
        private int status;
        private Headers headers = Headers.empty();
        private String finalUrl;
        private int redirects;
        private String protocol = "http/1.1";
        private int attempts = 1;
        private long startedAtMillis;
        private long elapsedNanos;
        private long bytes;
        private byte[] body;
        private String sha256;
        private Path bodyPath;
        private Timings timings = Timings.NONE;
        private InetSocketAddress remoteAddress;
        private java.io.InputStream bodyStream;

        public Builder request(Request request) { this.request = request; return this; }
        public Builder status(int status) { this.status = status; return this; }
        public Builder headers(Headers headers) { this.headers = headers; return this; }
        public Builder finalUrl(String finalUrl) { this.finalUrl = finalUrl; return this; }
        public Builder redirects(int redirects) { this.redirects = redirects; return this; }
        public Builder protocol(String protocol) { this.protocol = protocol; return this; }
        public Builder attempts(int attempts) { this.attempts = attempts; return this; }
        public Builder startedAtMillis(long startedAtMillis) { this.startedAtMillis = startedAtMillis; return this; }
        public Builder elapsedNanos(long elapsedNanos) { this.elapsedNanos = elapsedNanos; return this; }
        public Builder bytes(long bytes) { this.bytes = bytes; return this; }
        public Builder body(byte[] body) { this.body = body; return this; }
        public Builder sha256(String sha256) { this.sha256 = sha256; return this; }
        public Builder bodyPath(Path bodyPath) { this.bodyPath = bodyPath; return this; }
        public Builder timings(Timings timings) { this.timings = timings == null ? Timings.NONE : timings; return this; }
        public Builder remoteAddress(InetSocketAddress remoteAddress) { this.remoteAddress = remoteAddress; return this; }
        public Builder bodyStream(java.io.InputStream bodyStream) { this.bodyStream = bodyStream; return this; }

        public Response build() {
            return new Response(this);
        }
    }

    /** A builder starting from this response (the pipeline stamps redirects, attempts and timing). */
    public Builder toBuilder() {
        return new Builder().request(request).status(status).headers(headers).finalUrl(finalUrl)
                .redirects(redirects).protocol(protocol).attempts(attempts).startedAtMillis(startedAtMillis)
                .elapsedNanos(elapsedNanos).bytes(bytes).body(body).sha256(sha256).bodyPath(bodyPath)
                .timings(timings).remoteAddress(remoteAddress).bodyStream(bodyStream);
    }
}
