package dev.shoal;

import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTP/1.1 connection watches its exchanges' read timeout with one timer, set by the first exchange and
 * left set when it ends. The next exchange on the connection must get its whole timeout, counted from its own
 * start: the timer left by the one before goes off early, and must neither fail it then nor stop watching it.
 */
@Timeout(30)
class ReadTimeoutOnReusedConnectionTest {
    private static final long READ_TIMEOUT_MILLIS = 800;

    @Test
    void aSilentServerOnAReusedConnectionFailsAfterTheWholeReadTimeout() throws Exception {
        try (FaultServer server = FaultServer.start();
             Shoal shoal = Shoal.builder().maxPerHost(1)
                     .readTimeout(Duration.ofMillis(READ_TIMEOUT_MILLIS)).deadline(Duration.ofSeconds(10)).build()) {
            assertEquals(200, shoal.send(Request.get(server.url("/status/200"))).join().status());
            Thread.sleep(READ_TIMEOUT_MILLIS / 2);  // the first exchange's timer goes off halfway through the next
            assertEquals(1, shoal.openConnections(), "the next request goes on the same connection");

            long started = System.nanoTime();
            Outcome o = shoal.gather(List.of(Request.get(server.url("/never")))).get(0);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertInstanceOf(Outcome.Failure.class, o);
            assertEquals(ErrorKind.READ_TIMEOUT, ((Outcome.Failure) o).kind(), "not the deadline: the timer set itself again");
            assertTrue(tookMillis >= READ_TIMEOUT_MILLIS - 20, "read timeout after " + tookMillis + " ms, before the whole timeout");
        }
    }
}
