import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a Java user has for free: java.net.http.HttpClient, sendAsync, a Semaphore bounding the requests
 * in flight. Same job as aio_fetch.py (and aio_crawl.py with the optional arguments).
 * Usage: java -cp peers.jar JdkFetch URLS OUT CONCURRENCY [PER_HOST [CAFILE]]
 * PER_HOST is accepted for the same command line and ignored: the JDK's client has no per-host limit.
 * CAFILE: a PEM file of CA certificates, the only ones trusted (a truststore in the client's SSLContext).
 */
public final class JdkFetch {
    public static void main(String[] args) throws Exception {
        List<String> urls = PeerRows.readUrls(Path.of(args[0]));
        int concurrency = Integer.parseInt(args[2]);
        // HTTP/1.1 as every other peer speaks: the default would offer an h2c upgrade to nginx on every connection.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(60));
        if (args.length > 4) {
            builder.sslContext(trusting(Path.of(args[4])));
        }
        HttpClient client = builder.build();
        Semaphore inFlight = new Semaphore(concurrency);
        try (PeerRows rows = new PeerRows(Path.of(args[1]))) {
            for (int i = 0; i < urls.size(); i++) {
                int index = i;
                String url = urls.get(i);
                inFlight.acquire();
                long start = System.nanoTime();
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                    if (error == null) {
                        rows.success(index, url, response.statusCode(), response.body().length, PeerRows.millisSince(start));
                    } else {
                        rows.failure(index, url, error, PeerRows.millisSince(start));
                    }
                    inFlight.release();
                });
            }
            inFlight.acquire(concurrency); // every request has completed
        }
        System.exit(0); // the client's selector thread would otherwise linger until it is collected
    }

    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + i++, ca);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
