package dev.shoal.internal.base;

import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;

import dev.shoal.Timings;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Builds a {@link Response}: the pipeline's, and tests' (users get responses only from a client). */
public final class ResponseBuilder {
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
    private InputStream bodyStream;

    /** A builder starting from {@code r} (the pipeline stamps redirects, attempts and timing). */
    public static ResponseBuilder from(Response r) {
        return new ResponseBuilder().request(r.request()).status(r.status()).headers(r.headers()).finalUrl(r.finalUrl())
                .redirects(r.redirects()).protocol(r.protocol()).attempts(r.attempts()).startedAtMillis(r.startedAtMillis())
                .elapsedNanos(r.elapsedNanos()).bytes(r.bytes()).body(r.body()).sha256(r.sha256()).bodyPath(r.bodyPath())
                .timings(r.timings()).remoteAddress(r.remoteAddress()).bodyStream(r.bodyStream());
    }

    public ResponseBuilder request(Request request) { this.request = request; return this; }
    public ResponseBuilder status(int status) { this.status = status; return this; }
    public ResponseBuilder headers(Headers headers) { this.headers = headers; return this; }
    public ResponseBuilder finalUrl(String finalUrl) { this.finalUrl = finalUrl; return this; }
    public ResponseBuilder redirects(int redirects) { this.redirects = redirects; return this; }
    public ResponseBuilder protocol(String protocol) { this.protocol = protocol; return this; }
    public ResponseBuilder attempts(int attempts) { this.attempts = attempts; return this; }
    public ResponseBuilder startedAtMillis(long startedAtMillis) { this.startedAtMillis = startedAtMillis; return this; }
    public ResponseBuilder elapsedNanos(long elapsedNanos) { this.elapsedNanos = elapsedNanos; return this; }
    public ResponseBuilder bytes(long bytes) { this.bytes = bytes; return this; }
    public ResponseBuilder body(byte[] body) { this.body = body; return this; }
    public ResponseBuilder sha256(String sha256) { this.sha256 = sha256; return this; }
    public ResponseBuilder bodyPath(Path bodyPath) { this.bodyPath = bodyPath; return this; }
    public ResponseBuilder timings(Timings timings) { this.timings = timings == null ? Timings.NONE : timings; return this; }
    public ResponseBuilder remoteAddress(InetSocketAddress remoteAddress) { this.remoteAddress = remoteAddress; return this; }
    public ResponseBuilder bodyStream(InputStream bodyStream) { this.bodyStream = bodyStream; return this; }

    public Request request() { return request; }
    public int status() { return status; }
    public Headers headers() { return headers; }
    public String finalUrl() { return finalUrl; }
    public int redirects() { return redirects; }
    public String protocol() { return protocol; }
    public int attempts() { return attempts; }
    public long startedAtMillis() { return startedAtMillis; }
    public long elapsedNanos() { return elapsedNanos; }
    public long bytes() { return bytes; }
    public byte[] body() { return body; }
    public String sha256() { return sha256; }
    public Path bodyPath() { return bodyPath; }
    public Timings timings() { return timings; }
    public InetSocketAddress remoteAddress() { return remoteAddress; }
    public InputStream bodyStream() { return bodyStream; }

    public Response build() {
        return Internal.response(this);
    }
}
