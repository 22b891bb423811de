package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Shoal;
import dev.shoal.internal.base.Outcomes;
import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Per-origin state (limits, pools) lives only while an origin is busy: a crawl over many hosts stays flat. */
@Timeout(60)
class ManyHostsTest {

    @Test
    void originStateIsForgottenWhenIdle() {
        int port = FaultServer.closedPort();
        Engine engine = new Engine(Shoal.builder().maxInFlight(128).config());
        try {
            List<CompletableFuture<Outcome>> all = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                // every address of 127.0.0.0/8 is this machine: 3000 distinct hosts, nothing listening
                Request r = Request.get("http://127.0." + (i / 250) + "." + (1 + i % 250) + ":" + port + "/");
                all.add(engine.send(r).handle((resp, err) -> Outcomes.of(r, resp, err)));
            }
            for (CompletableFuture<Outcome> o : all) {
                assertEquals(ErrorKind.CONNECT_REFUSED, ((Outcome.Failure) o.join()).kind());
            }
            assertEquals(0, engine.pooledOrigins());
            assertEquals(0, engine.limitedOrigins());
            assertEquals(0, engine.inFlight());
        } finally {
            engine.close();
        }
    }
}
