package dev.shoal.internal.url;

import dev.shoal.jmh.Samples;
import dev.shoal.jmh.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * One URL parsed: by {@link UrlParser#parse} as the engine does per request (the one-pass shortcut for a URL
 * already in its serialized form, the standard's state machine for the rest), by the state machine alone,
 * and by {@code java.net.URI}, which the engine used before (it refuses the messy URL, which then costs an
 * exception).
 */
public class UrlParserBenchmark extends ShortRun {

    @Param({
            Samples.URL,
            "https://www.example.com/search?q=shoal+http&page=2",
            "http://Example.com/a/./b/../c d|{x}?q=é#top",
            "https://münchen.example/straße?x=1",
            "http://[::1]:8080/a/b/c.json"})
    public String url;

    @Benchmark
    public WebUrl parse() {
        return UrlParser.parse(url);
    }

    @Benchmark
    public WebUrl stateMachine() {
        return UrlParser.parseFully(url);
    }

    @Benchmark
    public Object javaNetUri() {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return e;
        }
    }
}
