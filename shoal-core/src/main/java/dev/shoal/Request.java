package dev.shoal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One HTTP request, immutable. Building never fails: an invalid URL, method or header becomes a
 * {@link ShoalException} of kind {@code invalid_url}, {@code unsupported_scheme} or {@code invalid_request}
 * when the request is sent, so that a bulk run records it as one outcome and goes on.
 */
public final class Request {
    private final String url;
    private final String method;
    private final Headers headers;
    private final RequestBody body;
    private final BodySink sink;
    private final boolean retryNonIdempotent;
    private final Object tag;

    private Request(Builder b) {
        this.url = b.url;
        this.method = b.method;
        this.headers = b.headers.build();
        this.body = b.body;
        this.sink = b.sink;
        this.retryNonIdempotent = b.retryNonIdempotent;
        this.tag = b.tag;
    }

    /**
     * A GET request.
     *
     * @param url the URL
     * @return the request
     */
    public static Request get(String url) {
        return builder(url).build();
    }

    /**
     * A POST request.
     *
     * @param url  the URL
     * @param body the body
     * @return the request
     */
    public static Request post(String url, byte[] body) {
        return builder(url).method("POST").body(body).build();
    }

    /**
     * A builder of a GET request for {@code url} with no header, no body, and its response body discarded.
     *
     * @param url the URL
     * @return the builder
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** {@return the URL as given} */
    public String url() {
        return url;
    }

    /** {@return the method} */
    public String method() {
        return method;
    }

    /** {@return the header fields the caller set} */
    public Headers headers() {
        return headers;
    }

    /**
     * The request body's bytes when it is held in memory (given as bytes, a string or a urlencoded form);
     * empty when there is none.
     *
     * @throws IllegalStateException for a streamed body (a file, a stream, a publisher, a multipart form):
     *                               see {@link #requestBody()}
     * @return the body's bytes
     */
    public byte[] body() {
        byte[] bytes = body.bytesInMemory();
        if (bytes == null) {
            throw new IllegalStateException("the body is streamed, not held in memory: " + body);
        }
        return bytes;
    }

    /** {@return the request body, whatever its kind; {@link RequestBody#empty()} when there is none} */
    public RequestBody requestBody() {
        return body;
    }

    /** {@return where the response body goes} */
    public BodySink sink() {
        return sink;
    }

    /** {@return true when a retry policy may retry this request even though its method is not idempotent} */
    public boolean retryNonIdempotent() {
        return retryNonIdempotent;
    }

    /** {@return the caller's own label for this request (an index, a key), carried to its outcome} */
    public Object tag() {
        return tag;
    }

    /** {@return whether the method may be repeated without changing the result: GET, HEAD, OPTIONS, TRACE, PUT, DELETE (RFC 9110 9.2.2)} */
    public boolean isIdempotent() {
        return isIdempotent(method);
    }

    /**
     * Whether {@code method} may be repeated without changing the result.
     *
     * @param method a method name
     * @return true for GET, HEAD, OPTIONS, TRACE, PUT and DELETE
     */
    public static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** {@return a builder starting from this request} */
    public Builder toBuilder() {
        return new Builder(url).method(method).headers(headers).body(body).sink(sink)
                .retryNonIdempotent(retryNonIdempotent).tag(tag);
    }

    /** Method and URL, without the URL's credentials. */
    @Override
    public String toString() {
        return method + " " + Urls.withoutCredentials(url);
    }

    /** Settings of a request; made by {@link Request#builder}. */
    public static final class Builder {
        private String url;
        private String method = "GET";
        private Headers.Builder headers = new Headers.Builder();
        private RequestBody body = RequestBody.empty();
        private BodySink sink = BodySink.discard();
        private boolean retryNonIdempotent;
        private Object tag;

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /**
         * The URL.
         *
         * @param url the URL
         * @return this builder
         */
        public Builder url(String url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * The method (default GET).
         *
         * @param method the method
         * @return this builder
         */
        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Adds a header field; a repeated name adds another field.
         *
         * @param name  the field's name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.add(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets {@code Authorization: Basic} for {@code user} and {@code password} (UTF-8), as curl's {@code -u}.
         *
         * @param user     the user name
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            String pair = Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
            Headers current = headers.build().with("Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            return headers(current);
        }

        /**
         * Replaces every header field.
         *
         * @param all the fields
         * @return this builder
         */
        public Builder headers(Headers all) {
            headers = new Headers.Builder();
            for (int i = 0; i < all.size(); i++) {
                headers.add(all.name(i), all.value(i));
            }
            return this;
        }

        /**
         * The body.
         *
         * @param body the bytes, or null for none
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = body == null ? RequestBody.empty() : RequestBody.of(body);
            return this;
        }

        /**
         * The body as UTF-8 text.
         *
         * @param body the text
         * @return this builder
         */
        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A body of any kind (a file, a stream, a publisher, a form: see {@link RequestBody}); its content type
         * is sent unless a {@code Content-Type} header is set. Null for none.
         *
         * @param body the body, or null
         * @return this builder
         */
        public Builder body(RequestBody body) {
            this.body = body == null ? RequestBody.empty() : body;
            return this;
        }

        /**
         * Where the response body goes (default {@link BodySink#discard()}: only counted).
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder sink(BodySink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Lets the retry policy retry this request although its method is not idempotent (default false).
         *
         * @param allowed true to allow it
         * @return this builder
         */
        public Builder retryNonIdempotent(boolean allowed) {
            this.retryNonIdempotent = allowed;
            return this;
        }

        /**
         * The caller's own label for the request, carried to its outcome.
         *
         * @param tag any object, or null
         * @return this builder
         */
        public Builder tag(Object tag) {
            this.tag = tag;
            return this;
        }

        /** {@return the request; building never fails (invalid parts fail when it is sent)} */
        public Request build() {
            return new Request(this);
        }
    }
}
