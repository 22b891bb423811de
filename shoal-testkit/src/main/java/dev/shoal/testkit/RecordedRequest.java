package dev.shoal.testkit;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One request as the {@link FaultServer} received it, for assertions (like MockWebServer's). */
public final class RecordedRequest {
    private final String method;
    private final String uri;
    private final String path;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final HttpHeaders wire;
    private final int connectionIndex;
    private final int sequenceNumber;

    RecordedRequest(String method, String uri, Map<String, List<String>> headers, byte[] body, HttpHeaders wire,
                    int connectionIndex, int sequenceNumber) {
        this.wire = wire;
        this.method = method;
        this.uri = uri;
        this.path = new QueryStringDecoder(uri).path();
        this.headers = headers;
        this.body = body;
        this.connectionIndex = connectionIndex;
        this.sequenceNumber = sequenceNumber;
    }

    static RecordedRequest of(FullHttpRequest request, HttpHeaders wire, int connectionIndex, int sequenceNumber) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue()));
        headers.replaceAll((name, values) -> List.copyOf(values));
        return new RecordedRequest(request.method().name(), request.uri(), Collections.unmodifiableMap(headers),
                ByteBufUtil.getBytes(request.content()), wire, connectionIndex, sequenceNumber);
    }

    public String method() {
        return method;
    }

    /** The request target as sent: path and query. */
    public String uri() {
        return uri;
    }

    /** The decoded path, without the query. */
    public String path() {
        return path;
    }

    /** Headers by name (names compare case-insensitively), values in the order received. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * A header field as it came on the wire, before the framing was rewritten ({@link #header} shows the
     * aggregated request: Content-Length set, {@code Transfer-Encoding: chunked} gone); null when absent.
     */
    public String wireHeader(String name) {
        return wire == null ? header(name) : wire.get(name);
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyUtf8() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Which TCP connection carried it: 0 for the server's first accepted connection, then 1, 2, ... */
    public int connectionIndex() {
        return connectionIndex;
    }

    /** Its position on its connection: 0 for the first request, 1 when the connection was reused once, ... */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public String toString() {
        return method + " " + uri + " (connection " + connectionIndex + ", request " + sequenceNumber + ")";
    }
}
