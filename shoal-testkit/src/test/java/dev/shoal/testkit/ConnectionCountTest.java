package dev.shoal.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
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
