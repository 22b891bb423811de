package dev.shoal;

import dev.shoal.testkit.FaultServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library example, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void fetchSeveralUrlsConcurrentlyWithBoundsAndTypedFailures() {
        try (FaultServer server = FaultServer.start()) {
            List<String> urls = List.of(server.url("/status/200"), server.url("/delay/100"),
                    server.url("/status/404"), "http://127.0.0.1:" + FaultServer.closedPort() + "/", "not a url");
            StringBuilder printed = new StringBuilder();

            // README example begins
            try (Shoal shoal = Shoal.builder()
                    .maxInFlight(100)                          // asyncio.Semaphore(100)
                    .maxPerHost(10)                            // aiohttp's limit_per_host
                    .connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(10))
                    .deadline(Duration.ofSeconds(30))          // the whole request, retries included
                    .retry(RetryPolicy.backoff(2))
                    .build()) {

                List<Request> requests = urls.stream().map(Request::get).toList();
                List<Outcome> outcomes = shoal.gather(requests);   // gather(..., return_exceptions=True)

                for (Outcome outcome : outcomes) {
                    if (outcome instanceof Outcome.Success s) {
                        printed.append(s.request().url()).append(" -> ").append(s.response().status()).append('\n');
                    } else if (outcome instanceof Outcome.Failure f) {   // a typed error, never thrown
                        printed.append(f.request().url()).append(" -> ").append(f.kind().wireName())
                                .append(": ").append(f.error().getMessage()).append('\n');
                    }
                }

                // one request, asynchronously
                CompletableFuture<Response> one = shoal.send(Request.builder(urls.get(0)).sink(BodySink.memory()).build());
                printed.append(one.join().bodyString()).append('\n');
            }
            // README example ends

            String out = printed.toString();
            assertTrue(out.contains("/status/200 -> 200"), out);
            assertTrue(out.contains("/status/404 -> 404"), out);
            assertTrue(out.contains("-> connect_refused"), out);
            assertTrue(out.contains("not a url -> invalid_url"), out);
            assertEquals(5, out.lines().filter(l -> l.contains(" -> ")).count());
        }
    }
}
