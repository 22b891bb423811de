package dev.shoal.internal;

import dev.shoal.Request;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.call.Hop;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;


/**
 * A URL parsed into a hop: what ValidateStage does once per request ({@link Hop#of}: parse and check), and
 * the Host value built from its origin, which the HTTP/1.1 exchange asks for once per request too.
 */
public class HopBenchmark extends ShortRun {

    @Param({
            Samples.URL,
            "https://www.example.com/search?q=shoal+http&page=2",
            "http://[::1]:8080/a/b/c.json"})
    public String url;

    private Request request;
    private Origin origin;

    @Setup
    public void setUp() {
        request = Request.get(url);
        origin = Hop.of(request).origin();
    }

    @Benchmark
    public Hop hopOf() {
        return Hop.of(request);
    }

    @Benchmark
    public String originAuthority() {
        return origin.authority();
    }
}
