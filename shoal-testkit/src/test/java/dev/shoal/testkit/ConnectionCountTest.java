package dev.shoal.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class ConnectionCountTest {
    private static final int CONNECTIONS = 20;

    @Test
    void faultServerCountsConcurrentConnections() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            assertCounts(server.port(), server::openConnections, server::maxOpenConnections, server::resetStats);
        }
    }

    @Test
    void latencyServerCountsConcurrentConnections() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            assertCounts(server.port(), server::openConnections, server::maxOpenConnections, server::resetStats);
        }
    }

    /**
     * A client that closes a connection and then opens another never had two open; the server must not count
     * two either, even when it reads the close and accepts the new one in the same turn of its event loop
     * (Netty fires the closed channel's inactive event a task later than the new channel's active one).
     */
    @Test
    void aConnectionClosedBeforeTheNextIsAcceptedDoesNotOverlapItWhenBothArriveTogether() throws Exception {
        ConnectionTracker tracker = new ConnectionTracker();
        try (ServerTransport server = ServerTransport.bind("count-test", 1, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(tracker);
            }
        })) {
            Socket first = new Socket("127.0.0.1", server.port());
            awaitValue(1, tracker::open);
            CountDownLatch stalled = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.acceptingLoop().execute(() -> {
                stalled.countDown();
                awaitQuietly(release);
            });
            assertTrue(stalled.await(5, TimeUnit.SECONDS));
            first.close();
            try (Socket second = new Socket("127.0.0.1", server.port())) {
                Thread.sleep(50); // both the close and the new connection wait for the stalled loop
                release.countDown();
                awaitValue(1, tracker::open);
                assertEquals(1, tracker.maxOpen(), "counted the closed connection with its successor");
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertCounts(int port, IntSupplier open, IntSupplier max, Runnable reset) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                sockets.add(new Socket("127.0.0.1", port));
            }
            awaitValue(CONNECTIONS, open);
            assertEquals(CONNECTIONS, max.getAsInt());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        awaitValue(0, open);
        assertEquals(CONNECTIONS, max.getAsInt(), "the maximum outlives the connections");
        reset.run();
        assertEquals(0, max.getAsInt());
        try (Socket again = new Socket("127.0.0.1", port)) {
            awaitValue(1, max);
        }
    }

    private static void awaitValue(int expected, IntSupplier actual) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, actual.getAsInt());
    }
}
