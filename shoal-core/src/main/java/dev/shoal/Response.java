package dev.shoal;

import dev.shoal.internal.base.ResponseBuilder;

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

    Response(ResponseBuilder b) {
        this.request = b.request();
        this.status = b.status();
        this.headers = b.headers();
        this.finalUrl = b.finalUrl();
        this.redirects = b.redirects();
        this.protocol = b.protocol();
        this.attempts = b.attempts();
        this.startedAtMillis = b.startedAtMillis();
        this.elapsedNanos = b.elapsedNanos();
        this.bytes = b.bytes();
        this.body = b.body();
        this.sha256 = b.sha256();
        this.bodyPath = b.bodyPath();
        this.timings = b.timings();
        this.remoteAddress = b.remoteAddress();
        this.bodyStream = b.bodyStream();
    }

    /** {@return the request as the caller sent it (not the last redirect hop)} */
    public Request request() {
        return request;
    }

    /** {@return the final response's status code} */
    public int status() {
        return status;
    }

    /** {@return the final response's header fields} */
    public Headers headers() {
        return headers;
    }

    /** {@return the URL of the last hop, after redirects} */
    public String finalUrl() {
        return finalUrl;
    }

    /** {@return the redirects followed} */
    public int redirects() {
        return redirects;
    }

    /** {@return the protocol of the final response, {@code http/1.1} or {@code h2}} */
    public String protocol() {
        return protocol;
    }

    /** {@return attempts made, 1 when the first one succeeded} */
    public int attempts() {
        return attempts;
    }

    /** {@return epoch milliseconds when the request got its permit and started} */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** {@return nanoseconds from the start to the whole body, redirects and retries included} */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** {@return the time from the start to the whole body, redirects and retries included} */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** {@return decoded body bytes received} */
    public long bytes() {
        return bytes;
    }

    /** {@return the body, when the sink kept it in memory; otherwise null} */
    public byte[] body() {
        return body;
    }

    /** {@return the body as text, in the charset the Content-Type names (UTF-8 when it names none)} */
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

    /** {@return lower-case hex SHA-256 of the decoded body, when the sink hashed it; otherwise null} */
    public String sha256() {
        return sha256;
    }

    /** {@return where the body was saved, when the sink was a file; otherwise null} */
    public Path bodyPath() {
        return bodyPath;
    }

    /** {@return where the request's time went (never null; all zero when the response was not made by a client)} */
    public Timings timings() {
        return timings;
    }

    /** {@return the address the last exchange's connection went to (a proxy's, through a proxy); null if unknown} */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The body as it arrives, when the sink was {@link BodySink#inputStream()}; otherwise null. The response
     * was handed out at its head: reading the stream receives the body (see {@link BodySink#inputStream()}).
     *
     * @return the body stream, or null
     */
    public java.io.InputStream bodyStream() {
        return bodyStream;
    }

    /** {@return status, final URL, protocol and size, for logs (without credentials in the URL)} */
    @Override
    public String toString() {
        return "Response{" + status + " " + finalUrl + ", " + protocol + ", " + bytes + " bytes}";
    }
}
