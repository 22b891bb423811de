package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.real.Curl;
import dev.shoal.testkit.real.EncodingServer;
import dev.shoal.testkit.real.Httpbin;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Brotli and zstd from real servers, decoded byte-identical to curl {@code --compressed}: httpbin's
 * {@code /brotli}, nginx's brotli filter, and zstd (one frame or several) and bombs of both from a small
 * Python server using the reference libraries.
 */
@Timeout(120)
class BrotliZstdTest {
    static final String AGENT = "shoal-test";
    static final String ACCEPT = "gzip, deflate, br, zstd";
    static final byte[] TEXT = Bodies.text(20_000);

    @TempDir
    static Path dir;
    static Httpbin httpbin;
    static Nginx nginx;
    static EncodingServer encodings;
    static Shoal shoal;

    @BeforeAll
    static void start() throws Exception {
        httpbin = Httpbin.start(dir.resolve("httpbin"));
        encodings = EncodingServer.start(dir.resolve("encodings"));
        Path root = dir.resolve("www");
        Files.createDirectories(root);
        Files.write(root.resolve("text.txt"), TEXT);
        nginx = Nginx.start(dir.resolve("nginx"), 1, List.of(Nginx.BROTLI_FILTER), ports -> """
                server {
                    listen 127.0.0.1:%d;
                    root %s;
                    brotli on;
                    brotli_types *;
                    brotli_min_length 0;
                }
                """.formatted(ports[0], root));
        shoal = Shoal.builder().userAgent(AGENT).readTimeout(Duration.ofSeconds(20)).deadline(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        if (shoal != null) shoal.close();
        if (nginx != null) nginx.close();
        if (encodings != null) encodings.close();
        if (httpbin != null) httpbin.close();
    }

    static Response get(Shoal client, String url) {
        return client.send(Request.builder(url).sink(BodySink.memory().and(BodySink.sha256())).build()).join();
    }

    static void assertLikeCurl(String url, String encoding) {
        Response r = get(shoal, url);
        assertEquals(200, r.status(), url);
        assertEquals(encoding, r.headers().get("Content-Encoding"), url);
        byte[] curl = Curl.body(url, "-A", AGENT, "-H", "Accept-Encoding: " + ACCEPT);
        assertEquals(Bodies.sha256(curl), r.sha256(), url);
        assertEquals(curl.length, r.bytes(), url);
    }

    static ShoalException failure(Shoal client, String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> client.send(Request.get(url)).join());
        return (ShoalException) e.getCause();
    }

    @Test
    void httpbinBrotliIsDecodedLikeCurl() {
        assertLikeCurl(httpbin.url("/brotli"), "br");
        String body = new String(get(shoal, httpbin.url("/brotli")).body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"brotli\": true") || body.contains("\"brotli\":true"), body);
        assertTrue(body.contains(ACCEPT), "httpbin echoes what we offered: " + body);
    }

    @Test
    void nginxBrotliFilterIsDecodedToTheFileAndLikeCurl() {
        Response r = get(shoal, nginx.url(0, "/text.txt"));
        assertEquals("br", r.headers().get("Content-Encoding"));
        assertEquals(Bodies.sha256(TEXT), r.sha256());
        assertLikeCurl(nginx.url(0, "/text.txt"), "br");
    }

    @Test
    void zstdInOneFrameOrSeveralIsDecodedToThePlainBytesAndLikeCurl() {
        String plain = Bodies.sha256(Curl.body(encodings.url("/plain/500000")));
        for (int frames : new int[]{1, 2, 7}) {
            String url = encodings.url("/zstd/500000?frames=" + frames);
            assertEquals(plain, get(shoal, url).sha256(), frames + " frames");
            assertLikeCurl(url, "zstd");
        }
    }

    @Test
    void bombsOfEachKindAreRefusedAtTheLimit() {
        try (Shoal limited = Shoal.builder().readTimeout(Duration.ofSeconds(30)).maxBodyBytes(8 << 20).build()) {
            for (String bomb : List.of("/zstd-bomb/1024", "/br-bomb/1024")) {
                assertEquals(ErrorKind.BODY_TOO_LARGE, failure(limited, encodings.url(bomb)).kind(), bomb);
            }
        }
        Runtime rt = Runtime.getRuntime();
        assertTrue(rt.totalMemory() - rt.freeMemory() < 512L << 20, "a bomb must not inflate in memory");
    }

    @Test
    void aZstdBodyCutShortIsAProtocolError() {
        assertEquals(ErrorKind.PROTOCOL, failure(shoal, encodings.url("/zstd-cut/100000")).kind());
    }
}
