package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ContentEncodings;
import dev.shoal.ErrorKind;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.real.Curl;
import dev.shoal.testkit.real.Httpbin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shoal against a real httpbin: bodies byte-identical to curl's, redirects, statuses, timeouts, auth, echoes,
 * cookies, and which credentials reach the server after a redirect.
 */
@Timeout(60)
class HttpbinTest {
    /** httpbin echoes request headers in some bodies: Shoal and curl must send the same ones. */
    static final String AGENT = "shoal-test";

    @TempDir
    static Path dir;
    static Httpbin httpbin;
    static Shoal shoal;

    @BeforeAll
    static void start() {
        httpbin = Httpbin.start(dir);
        shoal = client().build();
    }

    static Shoal.Builder client() {
        return Shoal.builder().userAgent(AGENT).readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (shoal != null) shoal.close();
        if (httpbin != null) httpbin.close();
    }

    static Response get(String path) {
        return shoal.send(Request.builder(httpbin.url(path)).sink(BodySink.memory().and(BodySink.sha256())).build()).join();
    }

    static String text(Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static ShoalException failure(Shoal client, Request request) {
        CompletionException e = assertThrows(CompletionException.class, () -> client.send(request).join());
        return (ShoalException) e.getCause();
    }

    @Test
    void bodiesAreByteIdenticalToCurl() {
        for (String path : List.of("/bytes/102400?seed=7", "/stream-bytes/102400?seed=3&chunk_size=7000", "/range/100000",
                "/gzip", "/deflate", "/html")) {
            Response r = get(path);
            assertEquals(200, r.status(), path);
            byte[] curl = Curl.body(httpbin.url(path), "-A", AGENT, "-H", "Accept-Encoding: " + ContentEncodings.acceptEncoding());
            assertEquals(Bodies.sha256(curl), r.sha256(), path);
            assertEquals(curl.length, r.bytes(), path);
        }
    }

    @Test
    void gzipAndDeflateBodiesAreDecoded() {
        assertTrue(text(get("/gzip")).contains("\"gzipped\":true"));
        assertTrue(text(get("/deflate")).contains("\"deflated\":true"));
    }

    @Test
    void relativeAndAbsoluteRedirectsEndOnGetWithTheirCount() {
        Response relative = get("/redirect/3");
        assertEquals(httpbin.url("/get"), relative.finalUrl());
        assertEquals(3, relative.redirects());
        Response absolute = get("/absolute-redirect/3");
        assertEquals(httpbin.url("/get"), absolute.finalUrl());
        assertEquals(3, absolute.redirects());
    }

    @Test
    void redirect307KeepsMethodAndBody() {
        Response r = shoal.send(Request.builder(httpbin.url("/redirect-to?url=/anything&status_code=307"))
                .method("POST").body("kept").sink(BodySink.memory()).build()).join();
        assertEquals(httpbin.url("/anything"), r.finalUrl());
        assertEquals(1, r.redirects());
        assertEquals("POST", Bodies.jsonString(text(r), "method"));
        assertEquals("kept", Bodies.jsonString(text(r), "data"));
    }

    @Test
    void tooManyRedirectsIsAnError() {
        try (Shoal limited = client().maxRedirects(2).build()) {
            assertEquals(ErrorKind.TOO_MANY_REDIRECTS, failure(limited, Request.get(httpbin.url("/redirect/3"))).kind());
        }
    }

    @Test
    void teapotIsAStatusNotAnError() {
        assertEquals(418, get("/status/418").status());
    }

    @Test
    void slowServerGivesReadTimeout() {
        try (Shoal impatient = client().readTimeout(Duration.ofMillis(1500)).build()) {
            long start = System.nanoTime();
            ShoalException e = failure(impatient, Request.get(httpbin.url("/delay/3")));
            assertEquals(ErrorKind.READ_TIMEOUT, e.kind());
            assertTrue(System.nanoTime() - start < 2_900_000_000L, "gave up before the server answered");
        }
    }

    @Test
    void basicAuthIsSentAndCheckedByTheServer() {
        Response ok = shoal.send(Request.builder(httpbin.url("/basic-auth/u/p")).basicAuth("u", "p").build()).join();
        assertEquals(200, ok.status());
        Response wrong = shoal.send(Request.builder(httpbin.url("/basic-auth/u/p")).basicAuth("u", "wrong").build()).join();
        assertEquals(401, wrong.status());
    }

    @Test
    void postAndPutBodiesEchoBackByteExact() {
        byte[] jsonLine = "{\"id\": 1, \"name\": \"\u00fcn\u00efc\u00f8d\u00e9 \u2713\", \"q\": \"a\\\"b\"}\n".getBytes(StandardCharsets.UTF_8);
        for (String method : List.of("POST", "PUT")) {
            Response r = shoal.send(Request.builder(httpbin.url("/anything")).method(method)
                    .header("Content-Type", "application/x-ndjson").body(jsonLine).sink(BodySink.memory()).build()).join();
            assertEquals(method, Bodies.jsonString(text(r), "method"));
            assertArrayEquals(jsonLine, Bodies.jsonString(text(r), "data").getBytes(StandardCharsets.UTF_8), method);
        }
        byte[] binary = Bodies.random(4096, 5);
        Response r = shoal.send(Request.builder(httpbin.url("/anything")).method("PUT")
                .header("Content-Type", "application/octet-stream").body(binary).sink(BodySink.memory()).build()).join();
        String data = Bodies.jsonString(text(r), "data");
        assertArrayEquals(binary, Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1)));
    }

    @Test
    void headAnd204And304HaveNoBody() {
        Response head = shoal.send(Request.builder(httpbin.url("/get")).method("HEAD").sink(BodySink.memory()).build()).join();
        assertEquals(200, head.status());
        assertEquals(0, head.bytes());
        assertEquals(204, get("/status/204").status());
        assertEquals(0, get("/status/204").bytes());
        assertEquals(304, get("/status/304").status());
        assertEquals(0, get("/status/304").bytes());
        assertEquals(200, get("/get").status());  // the connection is still in step
    }

    @Test
    void cookieSetOnARedirectIsSentOnTheNextHop() {
        try (Shoal fresh = client().build()) {
            Response r = fresh.send(Request.builder(httpbin.url("/cookies/set?a=b&c=d")).sink(BodySink.memory()).build()).join();
            assertEquals(httpbin.url("/cookies"), r.finalUrl());
            assertTrue(text(r).replace(" ", "").contains("\"cookies\":{\"a\":\"b\",\"c\":\"d\"}"), text(r));
            Response later = fresh.send(Request.builder(httpbin.url("/cookies")).sink(BodySink.memory()).build()).join();
            assertTrue(text(later).contains("\"a\":\"b\""), "the jar keeps them across requests of one client");
            Response deleted = fresh.send(Request.builder(httpbin.url("/cookies/delete?a")).sink(BodySink.memory()).build()).join();
            assertFalse(text(deleted).contains("\"a\""), text(deleted));
        }
    }

    @Test
    void jarCookiesGoOnlyToTheHostThatSetThem() {
        try (Shoal fresh = client().build()) {
            fresh.send(Request.get(httpbin.url("/cookies/set?a=b"))).join();
            String other = "http://localhost:" + httpbin.port() + "/cookies";
            Response r = fresh.send(Request.builder(httpbin.url("/redirect-to?url=" + other)).sink(BodySink.memory()).build()).join();
            assertEquals(other, r.finalUrl());
            assertTrue(text(r).replace(" ", "").contains("\"cookies\":{}"), text(r));
        }
    }

    @Test
    void withoutTheJarNoCookieComesBack() {
        try (Shoal noJar = client().cookies(false).build()) {
            Response r = noJar.send(Request.builder(httpbin.url("/cookies/set?a=b")).sink(BodySink.memory()).build()).join();
            assertTrue(text(r).replace(" ", "").contains("\"cookies\":{}"), text(r));
        }
    }

    @Test
    void credentialsReachTheServerAfterASameOriginRedirect() {
        String echoed = text(shoal.send(credentialed(httpbin.url("/redirect-to?url=/headers"))).join());
        assertTrue(echoed.contains("\"Authorization\":\"Basic dTpw\""), echoed);
        assertTrue(echoed.contains("\"Cookie\":\"sid=s3cret\""), echoed);
        assertTrue(echoed.contains("\"Proxy-Authorization\":\"Basic cHJveHk=\""), echoed);
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherOrigin() {
        // 127.0.0.1 and localhost are the same server but different origins
        String other = "http://localhost:" + httpbin.port() + "/headers";
        Response r = shoal.send(credentialed(httpbin.url("/redirect-to?url=" + other))).join();
        assertEquals(other, r.finalUrl());
        String echoed = text(r);
        assertTrue(echoed.contains("\"Host\":\"localhost:"), echoed);
        assertFalse(echoed.contains("Authorization"), echoed);
        assertFalse(echoed.contains("Cookie"), echoed);
    }

    static Request credentialed(String url) {
        return Request.builder(url).basicAuth("u", "p").header("Cookie", "sid=s3cret")
                .header("Proxy-Authorization", "Basic cHJveHk=").sink(BodySink.memory()).build();
    }
}
