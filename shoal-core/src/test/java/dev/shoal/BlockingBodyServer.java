package dev.shoal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-connection HTTP/1.1 server on plain blocking sockets, so that a test sees exactly what the client's
 * reading does to the server: its {@code write} blocks while the client does not read, and {@link #written()}
 * stops growing. It answers one request with {@code size} bytes of a fixed pattern (Content-Length), or
 * closes the connection after {@code closeAfter} of them.
 */
final class BlockingBodyServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<String> sha256 = new AtomicReference<>();
    private final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);

    BlockingBodyServer(long size, long closeAfter) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(size, closeAfter), "blocking-body-server");
        thread.setDaemon(true);
        thread.start();
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    /** Reads up to the end of a request's head (CRLF CRLF); false if the stream ends first. */
    static boolean skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return true;
    }

    private void serve(long size, long closeAfter) {
        try (Socket s = socket.accept()) {
            s.setSendBufferSize(64 * 1024);
            InputStream in = s.getInputStream();
            if (!skipRequestHead(in)) {
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] block = pattern(64 * 1024 + 7);  // not a power of two: offsets drift against the client's chunks
            long sent = 0;
            while (sent < size) {
                int n = (int) Math.min(block.length, Math.min(size, closeAfter) - sent);
                if (n <= 0) {
                    return;  // closeAfter: the connection closes mid-body
                }
                out.write(block, 0, n);
                digest.update(block, 0, n);
                sent += n;
                written.set(sent);
            }
            out.flush();
            sha256.set(HexFormat.of().formatHex(digest.digest()));
        } catch (Exception e) {
            writeFailure.set(e);
        } finally {
            finished.countDown();
        }
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/big";
    }

    /** Body bytes the server's writes have handed to its socket so far. */
    long written() {
        return written.get();
    }

    /** The SHA-256 of the whole body, once the server has written it. */
    String sha256() {
        return sha256.get();
    }

    /** Waits for the server to end its one exchange; the write's failure, if it failed. */
    Throwable awaitEnd(long seconds) throws InterruptedException {
        if (!finished.await(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the server's exchange did not end");
        }
        return writeFailure.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        thread.interrupt();
    }
}
