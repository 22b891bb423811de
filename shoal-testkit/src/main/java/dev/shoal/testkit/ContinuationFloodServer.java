package dev.shoal.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile cleartext HTTP/2 server (prior knowledge) on 127.0.0.1: it answers a request with a HEADERS
 * frame that never ends its header block, followed by CONTINUATION frames without end, until the client
 * gives up (the "CONTINUATION flood", CVE-2024-27316 and its kin). Written frame by frame on plain sockets,
 * as no well-behaved codec would write it.
 */
public final class ContinuationFloodServer implements AutoCloseable {
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int CONTINUATION = 0x9;
    private static final int FRAME_BYTES = 16_384;
    /** At most this much is sent per connection, so the server stops even if a client never does. */
    private static final long MAX_FLOOD_BYTES = 256L << 20;

    private final ServerSocket listener;
    private final Thread acceptor;
    private final AtomicLong floodBytes = new AtomicLong();
    private volatile boolean closed;

    private ContinuationFloodServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "continuation-flood-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ContinuationFloodServer start() {
        try {
            return new ContinuationFloodServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + listener.getLocalPort() + (path.startsWith("/") ? path : "/" + path);
    }

    /** Header-block bytes sent so far, over all connections. */
    public long floodBytes() {
        return floodBytes.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                Thread connection = new Thread(() -> serve(socket), "continuation-flood");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;  // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.readFully(new byte[24]);  // the client's connection preface
            frame(out, SETTINGS, 0, 0, new byte[0], 0);
            out.flush();
            CountDownLatch request = new CountDownLatch(1);
            int[] streamId = new int[1];
            Thread reader = new Thread(() -> readFrames(in, request, streamId), "continuation-flood-read");
            reader.setDaemon(true);
            reader.start();
            if (!request.await(30, TimeUnit.SECONDS)) {
                return;
            }
            byte[] block = new byte[FRAME_BYTES];
            // ":status: 200" (indexed), then a literal header whose value never ends
            block[0] = (byte) 0x88;
            frame(out, HEADERS, 0, streamId[0], block, FRAME_BYTES);  // no END_HEADERS
            long sent = FRAME_BYTES;
            java.util.Arrays.fill(block, (byte) 'a');
            while (!closed && sent < MAX_FLOOD_BYTES) {
                frame(out, CONTINUATION, 0, streamId[0], block, FRAME_BYTES);  // no END_HEADERS, ever
                sent += FRAME_BYTES;
                floodBytes.addAndGet(FRAME_BYTES);
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the connection: what a client should do
        }
    }

    /** Reads the client's frames; the first HEADERS names the stream to answer on. */
    private static void readFrames(InputStream in, CountDownLatch request, int[] streamId) {
        try {
            DataInputStream data = new DataInputStream(in);
            byte[] header = new byte[9];
            while (true) {
                data.readFully(header);
                int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                int type = header[3] & 0xff;
                int stream = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8)
                        | (header[8] & 0xff);
                data.skipNBytes(length);
                if (type == HEADERS && request.getCount() > 0) {
                    streamId[0] = stream;
                    request.countDown();
                }
            }
        } catch (IOException e) {
            // the connection ended
        }
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload, int length)
            throws IOException {
        byte[] header = {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
        out.write(header);
        out.write(payload, 0, length);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
