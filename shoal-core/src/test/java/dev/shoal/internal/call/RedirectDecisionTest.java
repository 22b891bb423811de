package dev.shoal.internal.call;

import dev.shoal.BodySink;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether a redirect is followed is decided in one place, {@link Call#followsRedirect}: the exchange drops the
 * body of exactly the redirects the redirect stage then follows.
 */
@Timeout(30)
class RedirectDecisionTest {
    private static final Headers TO_ELSEWHERE = Headers.of("Location", "/elsewhere");

    private static Call call(ShoalConfig config) {
        return new Call(Request.get("http://example.test/"), config, null);  // no loop: nothing here schedules
    }

    @Test
    void theFiveRedirectStatusesWithALocationAreFollowed() {
        Call call = call(Shoal.builder().config());
        for (int status : new int[] {301, 302, 303, 307, 308}) {
            assertTrue(call.followsRedirect(status, TO_ELSEWHERE), status + " is followed");
        }
        for (int status : new int[] {200, 300, 304, 305, 306, 404}) {
            assertFalse(call.followsRedirect(status, TO_ELSEWHERE), status + " is not a redirect to follow");
        }
    }

    @Test
    void aRedirectWithoutALocationIsAnAnswer() {
        assertFalse(call(Shoal.builder().config()).followsRedirect(302, Headers.empty()));
    }

    @Test
    void aClientThatDoesNotFollowRedirectsFollowsNone() {
        assertFalse(call(Shoal.builder().followRedirects(false).config()).followsRedirect(302, TO_ELSEWHERE));
    }

    /** The exchange and the stage ask the same question: an unfollowed redirect comes back with its body. */
    @Test
    void anUnfollowedRedirectKeepsItsBodyAndAFollowedOneLeadsOn() {
        try (FaultServer server = FaultServer.start();
             Shoal unfollowing = Shoal.builder().followRedirects(false).deadline(Duration.ofSeconds(20)).build();
             Shoal following = Shoal.builder().deadline(Duration.ofSeconds(20)).build()) {
            Response kept = unfollowing.send(inMemory(server.url("/redirect/1"))).join();
            assertEquals(302, kept.status());
            assertEquals("redirecting to /redirect/0\n", kept.bodyString());

            Response followed = following.send(inMemory(server.url("/redirect/1"))).join();
            assertEquals(200, followed.status());
            assertEquals(1, followed.redirects());
            assertEquals("redirects done\n", followed.bodyString());
        }
    }

    private static Request inMemory(String url) {
        return Request.builder(url).sink(BodySink.memory()).build();
    }
}
