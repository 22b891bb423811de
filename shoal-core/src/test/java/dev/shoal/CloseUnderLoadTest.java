package dev.shoal;

import dev.shoal.testkit.LatencyServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client closed while its requests run closes every connection it opened, also those its close itself causes:
 * each closed connection serves a waiting caller with a new connect, and one registered by the last tasks the
 * event loops run before they stop was left open (in a Flink task, beside those of the task that replaced it).
 */
class CloseUnderLoadTest {
    private static final int ROUNDS = 40;

    @Test
    @Timeout(120)
    void closingWhileRequestsRunLeavesNoConnectionOpen() throws Exception {
        Random random = new Random(18);
        try (LatencyServer server = LatencyServer.start(1)) {
            for (int round = 0; round < ROUNDS; round++) {
                // idle connections would stay open for minutes: only the close closes them soon
                Shoal shoal = Shoal.builder().maxInFlight(16).maxPerHost(3).idleTimeout(Duration.ofMinutes(5)).build();
                for (int i = 0; i < 200; i++) {
                    shoal.sendForOutcome(Request.get(server.url("/delay/" + (1 + random.nextInt(4)) + "?i=" + i)));
                }
                Thread.sleep(20 + random.nextInt(100));
                shoal.close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(0, server.openConnections(), "round " + round + ": " + server.connectionsOpen());
            }
        }
    }
}
