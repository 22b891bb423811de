package dev.shoal;

import dev.shoal.testkit.ContinuationFloodServer;
import dev.shoal.testkit.ParanoidLeakDetection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A response whose header block never ends (endless CONTINUATION frames) is a protocol error, found early. */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class Http2FloodTest {

    @Test
    void aContinuationFloodIsAProtocolErrorNotAClosedConnection() {
        try (ContinuationFloodServer server = ContinuationFloodServer.start();
             Shoal shoal = Shoal.builder().httpVersion(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE)
                     .readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(30)).build()) {
            Outcome outcome = shoal.gather(List.of(Request.get(server.url("/")))).get(0);

            Outcome.Failure failure = assertInstanceOf(Outcome.Failure.class, outcome, outcome::toString);
            assertEquals(ErrorKind.PROTOCOL, failure.kind(), failure.error().getMessage());
            assertTrue(failure.error().getMessage().toLowerCase(java.util.Locale.ROOT).contains("header"),
                    failure.error().getMessage());
            assertTrue(server.floodBytes() < (8 << 20), "the client gave up after " + server.floodBytes() + " bytes");
        }
    }
}
