package dev.shoal.jmh;

import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** What the benchmarks feed the code: the throughput job's URL and nginx's answer to it, byte for byte. */
public final class Samples {
    private Samples() {
    }

    /** A URL of the throughput job (bench/run): nginx on a loopback port, a 6-byte file. */
    public static final String URL = "http://127.0.0.1:40321/hello.txt";

    /** The client's settings at their defaults, as {@code shoal fetch} uses them. */
    public static final ShoalConfig CONFIG = Shoal.builder().config();

    /** nginx 1.22's response to {@link #URL}: status line, 8 header fields, a 6-byte body. */
    public static final byte[] NGINX_RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Tue, 14 Jan 2025 10:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 6\r\n"
            + "Last-Modified: Mon, 13 Jan 2025 09:00:00 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6784d4d0-6\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n"
            + "hello\n").getBytes(StandardCharsets.US_ASCII);

    /** {@code text} gzip-compressed, as a server sends it with {@code Content-Encoding: gzip}. */
    public static byte[] gzip(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A page of {@code size} bytes of HTML-like text: compressible as real pages are, not a run of one byte. */
    public static byte[] page(int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        int i = 0;
        while (sb.length() < size) {
            sb.append("<li><a href=\"/items/").append(i).append("\">item ").append(i * 7919 % 1000)
                    .append("</a> in stock: ").append(i % 13).append("</li>\n");
            i++;
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
