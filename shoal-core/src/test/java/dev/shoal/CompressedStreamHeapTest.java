package dev.shoal;

import com.github.luben.zstd.ZstdOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A zstd body that decodes to ten thousand times its size, read through an InputStream in a child JVM with 48 MB
 * of heap: one network read of it decodes to more than that heap, so the decoding must keep pace with the reader
 * instead of the network.
 */
@Timeout(180)
class CompressedStreamHeapTest {
    static final long DECODED = 512L << 20;

    @Test
    void aHighlyCompressedBodyStreamsWholeThroughASmallHeap(@TempDir Path dir) throws Exception {
        byte[] zstd = zstdOfZeros(DECODED);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serveOnce(server, zstd), "zstd-server");
            serving.setDaemon(true);
            serving.start();
            Path out = dir.resolve("out");
            Path err = dir.resolve("err");
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx48m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"),
                    SlowBodyReader.class.getName(), "http://127.0.0.1:" + server.getLocalPort() + "/",
                    Long.toString(1L << 30)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean ended = child.waitFor(150, TimeUnit.SECONDS);
            if (!ended) child.destroyForcibly();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(ended, "the reader did not finish: " + stderr);
            assertEquals(0, child.exitValue(), stderr);
            assertFalse(stderr.contains("OutOfMemoryError"), stderr);
            assertEquals(DECODED + " " + sha256OfZeros(DECODED), Files.readString(out, StandardCharsets.UTF_8).trim(), stderr);
        }
    }

    static byte[] zstdOfZeros(long n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new ZstdOutputStream(out)) {
            byte[] mib = new byte[1 << 20];
            for (long i = 0; i < n; i += mib.length) gz.write(mib);
        }
        return out.toByteArray();
    }

    static String sha256OfZeros(long n) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] mib = new byte[1 << 20];
        for (long i = 0; i < n; i += mib.length) d.update(mib);
        return HexFormat.of().formatHex(d.digest());
    }

    private static void serveOnce(ServerSocket server, byte[] body) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            if (!BlockingBodyServer.skipRequestHead(in)) {
                return;
            }
            OutputStream o = s.getOutputStream();
            o.write(("HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(body);
            o.flush();
            s.shutdownOutput();
            while (in.read() >= 0) {
                // until the client closes
            }
        } catch (IOException ignored) {
            // the client went away: the child's exit tells the test
        }
    }
}
