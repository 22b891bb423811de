package dev.shoal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server that closes each keep-alive connection right after its first answer (as one whose keep-alive timeout
 * is shorter than the client's pause): the next request on that origin must not fail, whether the client saw the
 * close while the connection sat idle in the pool, or only after it had lent the connection out and written the
 * request on it. Real sockets, because the close is the kernel's.
 */
@Timeout(30)
class IdleCloseTest {
    private final ClosingServer server = new ClosingServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedWithoutAnError() throws Exception {
        try (Shoal shoal = Shoal.builder().maxPerHost(1).build()) {
            for (int i = 0; i < 5; i++) {
                Response r = shoal.send(Request.get(server.url(i))).get(10, TimeUnit.SECONDS);
                assertEquals(200, r.status(), "request " + i);
                assertEquals(1, r.attempts(), "a replaced connection is not a retry");
                Thread.sleep(50);  // the server's close arrives while the connection is idle
            }
        }
        assertEquals(5, server.connections.get(), "a fresh connection for each request");
    }

    @Test
    void aRequestWrittenOnAConnectionWhoseCloseIsOnTheWayGoesAgainOnAFreshOne() throws Exception {
        try (Shoal shoal = Shoal.builder().maxPerHost(1).build()) {
            // each next request starts from the previous one's completion, on the event loop that is still handling
            // the answer: the close that follows the answer is not read yet, so the connection is lent and written to
            CompletableFuture<Response> chain = shoal.send(Request.get(server.url(0)));
            for (int i = 1; i < 10; i++) {
                int index = i;
                chain = chain.thenCompose(r -> {
                    if (r.status() != 200) {
                        throw new AssertionError("request " + (index - 1) + ": " + r.status());
                    }
                    return shoal.send(Request.get(server.url(index)));
                });
            }
            Response last = chain.get(20, TimeUnit.SECONDS);
            assertEquals(200, last.status());
            assertEquals(1, last.attempts());
        }
        assertEquals(10, server.answered.get(), "every request answered once");
    }

    /** Answers one request per connection with a keep-alive 200, then closes the connection at once. */
    private static final class ClosingServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        private final Thread thread;

        ClosingServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            thread = new Thread(this::serve, "closing-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url(int i) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/r?i=" + i;
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    s.setSoTimeout(5000);
                    if (readHead(s.getInputStream())) {
                        s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    // closed by the test, or the client went away: next connection
                }
            }
        }

        /** Reads up to the end of a request head (CRLF CRLF); false if the connection ended first. */
        private static boolean readHead(InputStream in) throws IOException {
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return false;
                }
                matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
