package dev.shoal;

import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.ParanoidLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.shoal.Http2Test.h2c;
import static dev.shoal.Http2Test.requests;
import static dev.shoal.Http2Test.successes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "maxPerHost bounds requests and open connections per host", under HTTP/2 too, where one connection could
 * carry many more streams: the server counts the streams open at once on each connection and the connections.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class Http2MaxPerHostTest {
    @Test
    void oneConnectionCarriesNoMoreStreamsThanMaxPerHost() {
        try (Http2Server server = Http2Server.builder().maxConcurrentStreams(100).start();
             Shoal shoal = h2c().maxPerHost(3).build()) {
            successes(shoal.gather(requests(server, "/delay/100", 30)));
            assertEquals(1, server.connectionsAccepted(), "one connection serves them all");
            assertEquals(3, server.maxConcurrentStreamsSeen(), "three streams at once, never more");
        }
    }

    @Test
    void aServerStreamLimitBelowMaxPerHostOpensMoreConnectionsWithinIt() {
        try (Http2Server server = Http2Server.builder().maxConcurrentStreams(2).start();
             Shoal shoal = h2c().maxPerHost(5).build()) {
            successes(shoal.gather(requests(server, "/delay/100", 30)));
            assertTrue(server.maxConcurrentStreamsSeen() <= 2, "the server's limit: " + server.maxConcurrentStreamsSeen());
            assertEquals(0, server.refusedStreams());
            int connections = server.connectionsAccepted();
            assertTrue(connections >= 2 && connections <= 3,
                    "5 requests at once, 2 per connection: 3 connections at most, saw " + connections);
        }
    }
}
