package dev.shoal.testkit;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Content-Encoded bodies: gzip and deflate (zlib) of the deterministic bytes, and gzip bombs — small
 * bodies that inflate to many MiB of zeros, compressed once per size off the event loop and cached.
 */
final class EncodedBodies {
    private static final int MAX_CACHED = 64;
    private static final int MAX_BOMB_MIB = 4096;

    private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<byte[]>> bombs = new ConcurrentHashMap<>();

    /** {@code /gzip/{n}}. */
    void gzip(Exchange ex) {
        int n = BasicRoutes.bodySize(ex.number(1));
        send(ex, "gzip", cached("gzip/" + n, k -> compress(DeterministicBytes.of(n), GZIPOutputStream::new)));
    }

    /** {@code /deflate/{n}}: HTTP's "deflate" is the zlib format (RFC 9110), not raw deflate. */
    void deflate(Exchange ex) {
        int n = BasicRoutes.bodySize(ex.number(1));
        send(ex, "deflate", cached("deflate/" + n, k -> compress(DeterministicBytes.of(n), DeflaterOutputStream::new)));
    }

    /** {@code /gzip-bomb/{mib}}: inflates to mib MiB of zeros. */
    void gzipBomb(Exchange ex) {
        long mib = Math.max(1, Math.min(MAX_BOMB_MIB, ex.number(1)));
        bombs.computeIfAbsent(mib, m -> CompletableFuture.supplyAsync(() -> zeros(m)))
                .whenComplete((body, failure) -> ex.ctx().executor().execute(() -> {
                    if (failure != null) {
                        ex.sendText(500, "could not build the bomb: " + failure + "\n");
                    } else {
                        send(ex, "gzip", body);
                    }
                }));
    }

    private byte[] cached(String key, Function<String, byte[]> build) {
        byte[] body = compressed.get(key);
        if (body != null) {
            return body;
        }
        return compressed.size() < MAX_CACHED ? compressed.computeIfAbsent(key, build) : build.apply(key);
    }

    private static void send(Exchange ex, String encoding, byte[] body) {
        FullHttpResponse response = Exchange.response(200, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_ENCODING, encoding)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        ex.send(response);
    }

    private static byte[] zeros(long mib) {
        byte[] zeroMib = new byte[1 << 20];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            for (long i = 0; i < mib; i++) {
                gzip.write(zeroMib);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] plain, Compressor compressor) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream stream = compressor.wrap(out)) {
            stream.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
