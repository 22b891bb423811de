package dev.shoal.cli.fetch;

import dev.shoal.BodySink;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.RequestBody;
import dev.shoal.rows.InputLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The command line's part of every request (-X, -H, -u, the body options, --hash, --bodies), merged with what each
 * input line says: the line's method, body and headers win (a line header replaces every command-line
 * header of that name). The method defaults to POST when there is a body, GET otherwise, as curl does.
 * Each request is tagged with its input index.
 */
public final class RequestTemplate {
    private final String method;
    private final Headers headers;
    private final RequestBody body;
    private final boolean hash;
    private final Path bodiesDir;
    private PreviousRows since;

    /**
     * @param method    -X, or null
     * @param headers   -H (and the Authorization header of -u)
     * @param body      -d, --data-binary, --data-urlencode, -F or -T, or null
     * @param hash      --hash: the row gets the body's sha256
     * @param bodiesDir --bodies: each body is saved as {@code bodiesDir/<index>}; null: bodies are discarded
     */
    public RequestTemplate(String method, Headers headers, RequestBody body, boolean hash, Path bodiesDir) {
        this.method = method;
        this.headers = headers;
        this.body = body;
        this.hash = hash;
        this.bodiesDir = bodiesDir;
    }

    /**
     * --since: a GET or HEAD whose URL has a row in {@code previous} asks for its body only if it changed,
     * with that row's ETag as If-None-Match and Last-Modified as If-Modified-Since; unless the request has
     * either header of its own (from -H or its line), which is then sent as it is.
     */
    public RequestTemplate since(PreviousRows previous) {
        this.since = previous;
        return this;
    }

    public Request build(long index, InputLine.Spec line) {
        RequestBody requestBody = line.body() != null ? RequestBody.of(line.body().getBytes(StandardCharsets.UTF_8))
                : line.bodyFile() != null ? RequestBody.ofFile(Path.of(line.bodyFile()))
                : line.bodyBinary() != null ? RequestBody.of(line.bodyBinary())
                : body;
        String method = method(line);
        return Request.builder(line.url())
                .method(method)
                .headers(conditional(line.url(), method, merge(headers, line.headers())))
                .body(requestBody)
                .sink(sink(index))
                .tag(index)
                .build();
    }

    /** The line's request with its URL and method only, as its row names them: for --resume to compare. */
    public Request identity(InputLine.Spec line) {
        return Request.builder(line.url()).method(method(line)).build();
    }

    private Headers conditional(String url, String method, Headers headers) {
        if (since == null || !(method.equals("GET") || method.equals("HEAD"))
                || headers.contains("If-None-Match") || headers.contains("If-Modified-Since")) {
            return headers;
        }
        PreviousRows.Previous previous = since.get(url);
        if (previous == null) {
            return headers;
        }
        Headers h = previous.etag() == null ? headers : headers.plus("If-None-Match", previous.etag());
        return previous.lastModified() == null ? h : h.plus("If-Modified-Since", previous.lastModified());
    }

    private String method(InputLine.Spec line) {
        return line.method() != null ? line.method()
                : method != null ? method
                : line.hasBody() || body != null ? "POST" : "GET";
    }

    public boolean hashes() {
        return hash;
    }

    public boolean savesBodies() {
        return bodiesDir != null;
    }

    private BodySink sink(long index) {
        BodySink sink = hash ? BodySink.sha256() : BodySink.discard();
        if (bodiesDir != null) {
            // resumable: a body cut short (a killed run, a reset) leaves DIR/<index>.part to continue with --resume
            sink = sink.and(BodySink.resumableFile(bodiesDir.resolve(Long.toString(index))));
        }
        return sink;
    }

    static Headers merge(Headers defaults, Headers line) {
        if (line.size() == 0) {
            return defaults;
        }
        Headers merged = defaults;
        for (String name : line.names()) {
            merged = merged.without(name);
        }
        for (int i = 0; i < line.size(); i++) {
            merged = merged.plus(line.name(i), line.value(i));
        }
        return merged;
    }
}
