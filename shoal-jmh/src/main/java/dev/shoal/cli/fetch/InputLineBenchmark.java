package dev.shoal.cli.fetch;

import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import dev.shoal.rows.InputLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;


/**
 * Input parsing, once per input line: {@link InputLine#parse} reads a bare URL line or a JSON line, and
 * {@link RequestTemplate} merges it with the command line's settings into the {@link Request} sent,
 * as {@link RequestSource} does for every line {@code shoal fetch} reads.
 */
public class InputLineBenchmark extends ShortRun {
    static final String URL_LINE = Samples.URL;
    static final String JSON_LINE = "{\"url\": \"" + Samples.URL + "\", \"method\": \"POST\","
            + " \"headers\": {\"X-Request-Id\": \"7f3a\", \"Accept\": [\"application/json\", \"text/plain\"]},"
            + " \"body\": \"{\\\"q\\\": 1}\"}";

    private RequestTemplate template;
    private long index;

    @Setup
    public void setUp() {
        template = new RequestTemplate(null, Headers.empty(), null, false, null);  // shoal fetch's defaults
    }

    @Benchmark
    public InputLine parseUrlLine() {
        return InputLine.parse(URL_LINE);
    }

    @Benchmark
    public InputLine parseJsonLine() {
        return InputLine.parse(JSON_LINE);
    }

    /** A URL line all the way to its request: index check, parse, merge with the template. */
    @Benchmark
    public Request urlLineToRequest() {
        return toRequest(URL_LINE);
    }

    @Benchmark
    public Request jsonLineToRequest() {
        return toRequest(JSON_LINE);
    }

    private Request toRequest(String line) {
        if (!InputLine.takesIndex(line)) {
            throw new AssertionError("a request line takes an index");
        }
        return template.build(index++, (InputLine.Spec) InputLine.parse(line));
    }
}
