import static org.asynchttpclient.Dsl.asyncHttpClient;
import static org.asynchttpclient.Dsl.config;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;

/**
 * The strongest Java peer: AsyncHttpClient (Netty), a Semaphore bounding the requests in flight, the pool
 * sized to the same bound. Same job as aio_fetch.py (and aio_crawl.py with the optional arguments).
 * Usage: java -cp peers.jar AhcFetch URLS OUT CONCURRENCY [PER_HOST [CAFILE]]
 * PER_HOST: at most this many requests in flight per host, the others waiting in their host's queue
 * ({@link PerHostLimit}), as aiohttp's limit_per_host has them wait. AsyncHttpClient's own maxConnectionsPerHost
 * cannot do it: over the limit a request fails, or with acquireFreeChannelTimeout blocks the caller until a
 * connection of the host closes (an idle pooled one never does), and the pool's total has the same problem
 * across hosts; so both are left unbounded, and the pool reuses the host's idle connections.
 * CAFILE: a PEM file of CA certificates, the only ones trusted (the trust manager of its Netty SslContext).
 */
public final class AhcFetch {
    public static void main(String[] args) throws Exception {
        List<String> urls = PeerRows.readUrls(Path.of(args[0]));
        int concurrency = Integer.parseInt(args[2]);
        int perHost = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Semaphore inFlight = new Semaphore(concurrency);
        // No shutdown quiet period: its default 2 s of idling at close would be counted against the peer.
        DefaultAsyncHttpClientConfig.Builder config = config()
                .setRequestTimeout(Duration.ofSeconds(60)).setShutdownQuietPeriod(Duration.ZERO);
        if (perHost > 0) {
            config.setMaxConnections(-1).setMaxConnectionsPerHost(-1);
        } else {
            config.setMaxConnections(concurrency).setMaxConnectionsPerHost(concurrency);
        }
        // Without PER_HOST no queue at all, so the single-host jobs measure the client as before.
        PerHostLimit limit = perHost > 0 ? new PerHostLimit(perHost) : PerHostLimit.NONE;
        if (args.length > 4) {
            config.setSslContext(SslContextBuilder.forClient().trustManager(new File(args[4])).build());
        }
        try (AsyncHttpClient client = asyncHttpClient(config);
             PeerRows rows = new PeerRows(Path.of(args[1]))) {
            for (int i = 0; i < urls.size(); i++) {
                int index = i;
                String url = urls.get(i);
                inFlight.acquire();
                long start = System.nanoTime();
                String host = limit.originOf(url);
                limit.submit(host, () -> client.prepareGet(url).execute().toCompletableFuture()
                        .whenComplete((response, error) -> {
                            if (error == null) {
                                rows.success(index, url, response.getStatusCode(),
                                        response.getResponseBodyAsBytes().length, PeerRows.millisSince(start));
                            } else {
                                rows.failure(index, url, error, PeerRows.millisSince(start));
                            }
                            limit.done(host);
                            inFlight.release();
                        }));
            }
            inFlight.acquire(concurrency); // every request has completed
        }
    }
}
