package dev.shoal.testkit;

import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/** The routes of {@link Http2Server}, the same whichever protocol the request came in. */
final class Http2Answers {
    /** A complete answer: status, header fields, body (dropped for HEAD by the protocol side). */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    private Http2Answers() {
    }

    /** Answers on {@code executor} (at once, or after the route's delay). */
    static void answer(String method, String path, byte[] body, EventExecutor executor, Consumer<Answer> reply) {
        String[] segments = path.split("\\?", 2)[0].substring(1).split("/");
        String route = segments[0];
        long number = segments.length > 1 ? parse(segments[1]) : -1;
        switch (route) {
            case "bytes" -> reply.accept(ok(DeterministicBytes.of(size(number)), null));
            case "gzip" -> reply.accept(ok(gzip(DeterministicBytes.of(size(number))), "gzip"));
            case "delay" -> executor.schedule(() -> reply.accept(ok(DeterministicBytes.of(32), null)),
                    Math.max(0, number), TimeUnit.MILLISECONDS);
            case "echo" -> {
                Answer a = ok(body, null);
                a.headers.add(Map.entry("x-echo-method", method));
                reply.accept(a);
            }
            case "status" -> reply.accept(new Answer((int) Math.max(200, Math.min(599, number)), new ArrayList<>(),
                    ("status " + number + "\n").getBytes(StandardCharsets.US_ASCII)));
            default -> reply.accept(ok("ok\n".getBytes(StandardCharsets.US_ASCII), null));
        }
    }

    private static Answer ok(byte[] body, String encoding) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("content-type", "application/octet-stream"));
        if (encoding != null) {
            headers.add(Map.entry("content-encoding", encoding));
        }
        return new Answer(200, headers, body);
    }

    private static int size(long n) {
        return (int) Math.max(0, Math.min(BasicRoutes.MAX_BODY_BYTES, n));
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
