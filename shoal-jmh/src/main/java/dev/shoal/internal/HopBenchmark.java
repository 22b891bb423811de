package dev.shoal.internal;

import dev.shoal.Request;
import dev.shoal.jmh.Samples;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A URL parsed into a hop: what ValidateStage does once per request ({@link Hop#of}: parse and check), and
 * the Host value built from its origin, which the HTTP/1.1 exchange asks for once per request too.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")  // as the shoal launcher runs
@State(Scope.Thread)
public class HopBenchmark {

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
