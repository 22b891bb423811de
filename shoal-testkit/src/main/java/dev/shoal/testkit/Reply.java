package dev.shoal.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The response a {@link Handler} fills in: 200 with an empty body unless told otherwise. */
public final class Reply {
    private int status = 200;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private Duration delay = Duration.ZERO;

    public Reply status(int code) {
        this.status = code;
        return this;
    }

    /** Adds a header (repeat the name for several values). */
    public Reply header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    public Reply body(String utf8) {
        return body(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public Reply body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    /** Answers after this long (an event-loop timer, no thread waits). */
    public Reply delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    int status() {
        return status;
    }

    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    Duration delay() {
        return delay;
    }
}
