package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.real.Curl;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shoal against a real nginx: bodies byte-identical to curl's, bodiless answers, and what nginx received. */
@Timeout(60)
class NginxTest {
    static final byte[] BIG = Bodies.random(1 << 20, 1);
    static final byte[] SMALL = Bodies.random(64 << 10, 2);
    static final byte[] TEXT = Bodies.text(6000);

    @TempDir
    static Path dir;
    static Nginx nginx;
    static Shoal shoal;

    @BeforeAll
    static void start() throws Exception {
        Path root = dir.resolve("www");
        Files.createDirectories(root.resolve("gz"));
        Files.createDirectories(root.resolve("chunked"));
        Files.write(root.resolve("big.bin"), BIG);
        Files.write(root.resolve("small.bin"), SMALL);
        Files.write(root.resolve("gz/text.txt"), TEXT);
        Files.write(root.resolve("chunked/text.txt"), TEXT);
        nginx = Nginx.start(dir.resolve("nginx"), 2, ports -> """
                server {
                    listen 127.0.0.1:%1$d;
                    root %3$s;
                    location /gz/ { gzip on; gzip_types text/plain; gzip_min_length 0; }
                    # a body filter that changes nothing but drops Content-Length: nginx replies chunked
                    location /chunked/ { sub_filter_types text/plain; sub_filter 'never-there' 'x'; sub_filter_once off; }
                    location = /empty { return 204; }
                    location = /to-self { return 302 /landing; }
                    location = /to-other { return 302 http://127.0.0.1:%2$d/landing; }
                    location = /landing { return 200 "landed\\n"; }
                }
                server {
                    listen 127.0.0.1:%2$d;
                    location = /landing { return 200 "landed\\n"; }
                }
                """.formatted(ports[0], ports[1], root));
        shoal = Shoal.builder().readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stop() {
        if (shoal != null) shoal.close();
        if (nginx != null) nginx.close();
    }

    static Response hashed(String path) {
        return shoal.send(Request.builder(nginx.url(0, path)).sink(BodySink.sha256()).build()).join();
    }

    @Test
    void oneMebibyteFileIsByteIdenticalToCurl() {
        Response r = hashed("/big.bin");
        assertEquals(200, r.status());
        assertEquals(Bodies.sha256(Curl.body(nginx.url(0, "/big.bin"))), r.sha256());
        assertEquals(Bodies.sha256(BIG), r.sha256());
        assertEquals(BIG.length, r.bytes());
    }

    @Test
    void binaryFileIsByteIdenticalToCurl() {
        Response r = hashed("/small.bin");
        assertEquals(Bodies.sha256(Curl.body(nginx.url(0, "/small.bin"))), r.sha256());
        assertEquals(Bodies.sha256(SMALL), r.sha256());
    }

    @Test
    void chunkedReplyIsByteIdenticalToCurl() {
        Response r = hashed("/chunked/text.txt");
        assertEquals("chunked", r.headers().get("Transfer-Encoding"));
        assertNull(r.headers().get("Content-Length"));
        assertEquals(Bodies.sha256(Curl.body(nginx.url(0, "/chunked/text.txt"))), r.sha256());
        assertEquals(Bodies.sha256(TEXT), r.sha256());
    }

    @Test
    void gzipEncodedTextIsDecodedByteIdenticalToCurl() {
        Response r = hashed("/gz/text.txt");
        assertEquals("gzip", r.headers().get("Content-Encoding"));
        assertEquals(Bodies.sha256(Curl.body(nginx.url(0, "/gz/text.txt"))), r.sha256());
        assertEquals(Bodies.sha256(TEXT), r.sha256());
        assertEquals(TEXT.length, r.bytes());
    }

    @Test
    void headHas204HasAndNotModifiedHaveNoBody() {
        Response head = shoal.send(Request.builder(nginx.url(0, "/big.bin")).method("HEAD").sink(BodySink.memory()).build()).join();
        assertEquals(200, head.status());
        assertEquals(String.valueOf(BIG.length), head.headers().get("Content-Length"));
        assertEquals(0, head.bytes());
        Response empty = shoal.send(Request.builder(nginx.url(0, "/empty")).sink(BodySink.memory()).build()).join();
        assertEquals(204, empty.status());
        assertEquals(0, empty.bytes());
        String etag = head.headers().get("ETag");
        Response notModified = shoal.send(Request.builder(nginx.url(0, "/big.bin")).header("If-None-Match", etag)
                .sink(BodySink.memory()).build()).join();
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.bytes());
        // the connection is still in step after the bodiless answers
        assertEquals(Bodies.sha256(SMALL), hashed("/small.bin").sha256());
    }

    @Test
    void authorizationAndCookieAreKeptOnASameOriginRedirect() {
        int before = nginx.received().size();
        Response r = shoal.send(credentialed("/to-self")).join();
        assertEquals(nginx.url(0, "/landing"), r.finalUrl());
        nginx.received(before + 2, Duration.ofSeconds(5));
        assertTrue(receivedLine("/landing").contains("auth=Basic dTpw cookie=sid=s3cret"),
                String.join("\n", nginx.received()));
    }

    @Test
    void authorizationAndCookieAreDroppedOnACrossOriginRedirect() {
        int before = nginx.received().size();
        Response r = shoal.send(credentialed("/to-other")).join();
        assertEquals(200, r.status());
        assertEquals(nginx.url(1, "/landing"), r.finalUrl());
        List<String> all = nginx.received(before + 2, Duration.ofSeconds(5));
        List<String> lines = all.subList(before, all.size());
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("GET /to-other auth=Basic dTpw cookie=sid=s3cret"), lines.get(0));
        assertEquals("GET /landing auth=- cookie=- via=-", lines.get(1));
    }

    @Test
    void headerWithCrLfIsRefusedAndNeverSent() {
        int before = nginx.received().size();
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(
                Request.builder(nginx.url(0, "/landing")).header("X-Split", "a\r\nInjected: 1").build()).join());
        assertEquals(ErrorKind.INVALID_REQUEST, ((ShoalException) e.getCause()).kind());
        CompletionException method = assertThrows(CompletionException.class, () -> shoal.send(
                Request.builder(nginx.url(0, "/landing")).method("GET /x HTTP/1.1\r\n").build()).join());
        assertEquals(ErrorKind.INVALID_REQUEST, ((ShoalException) method.getCause()).kind());
        assertEquals(before, nginx.received().size());
    }

    static Request credentialed(String path) {
        return Request.builder(nginx.url(0, path)).basicAuth("u", "p").header("Cookie", "sid=s3cret").build();
    }

    /** The last line nginx logged for a GET of {@code path}. */
    static String receivedLine(String path) {
        List<String> lines = nginx.received();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("GET " + path + " ")) return lines.get(i);
        }
        return fail("nginx never received " + path);
    }
}
