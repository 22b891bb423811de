package dev.shoal.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A socket-level client for the routes an HTTP client cannot describe: resets, stalls, garbage. */
final class RawHttp implements AutoCloseable {
    private final Socket socket;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(2000);
    }

    RawHttp send(String method, String target, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes, throwing what the socket throws (a reset, a timeout). */
    String readToEnd() throws IOException {
        return readUntil(Long.MAX_VALUE);
    }

    /** Reads until the server closes or the given number of bytes arrived. */
    String readUntil(long maxBytes) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < maxBytes && (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - out.size()))) != -1) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads what arrives until the socket stays silent for the timeout; the connection must still be open. */
    String readUntilSilent(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
            throw new IOException("server closed the connection after: " + out.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException silent) {
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
