import static org.asynchttpclient.Dsl.asyncHttpClient;
import static org.asynchttpclient.Dsl.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.asynchttpclient.AsyncHttpClient;

/**
 * The strongest Java peer: AsyncHttpClient (Netty), a Semaphore bounding the requests in flight, the pool
 * sized to the same bound. Same job as aio_fetch.py. Usage: java -cp peers.jar AhcFetch URLS OUT CONCURRENCY
 */
public final class AhcFetch {
    public static void main(String[] args) throws Exception {
        List<String> urls = PeerRows.readUrls(Path.of(args[0]));
        int concurrency = Integer.parseInt(args[2]);
        Semaphore inFlight = new Semaphore(concurrency);
        // No shutdown quiet period: its default 2 s of idling at close would be counted against the peer.
        try (AsyncHttpClient client = asyncHttpClient(config()
                .setMaxConnections(concurrency).setMaxConnectionsPerHost(concurrency)
                .setRequestTimeout(Duration.ofSeconds(60)).setShutdownQuietPeriod(Duration.ZERO));
             PeerRows rows = new PeerRows(Path.of(args[1]))) {
            for (int i = 0; i < urls.size(); i++) {
                int index = i;
                String url = urls.get(i);
                inFlight.acquire();
                long start = System.nanoTime();
                client.prepareGet(url).execute().toCompletableFuture().whenComplete((response, error) -> {
                    if (error == null) {
                        rows.success(index, url, response.getStatusCode(), response.getResponseBodyAsBytes().length,
                                PeerRows.millisSince(start));
                    } else {
                        rows.failure(index, url, error, PeerRows.millisSince(start));
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(concurrency); // every request has completed
        }
    }
}
