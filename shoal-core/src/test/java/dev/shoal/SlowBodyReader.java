package dev.shoal;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A child process for {@link BoundedHeapStreamTest}: reads one body through {@link BodySink#inputStream()} at a
 * fixed pace and prints its length and SHA-256. Usage: {@code SlowBodyReader URL BYTES_PER_SECOND}.
 */
public final class SlowBodyReader {
    private SlowBodyReader() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long rate = Long.parseLong(args[1]);
        try (Shoal shoal = Shoal.builder().readTimeout(Duration.ofSeconds(5)).build()) {
            Response r = shoal.send(Request.builder(url).sink(BodySink.inputStream()).build()).get();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            long start = System.nanoTime();
            try (InputStream in = r.bodyStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    digest.update(buf, 0, n);
                    total += n;
                    long dueNanos = (long) (total * 1e9 / rate);  // paced: never ahead of the rate
                    long ahead = dueNanos - (System.nanoTime() - start);
                    if (ahead > 1_000_000) {
                        Thread.sleep(ahead / 1_000_000);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.println(total + " " + HexFormat.of().formatHex(digest.digest()));
            System.err.printf("read %d bytes in %.1f s (%.1f MB/s), heap max %d MB%n",
                    total, seconds, total / seconds / 1e6, rt.maxMemory() >> 20);
        }
    }
}
