package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Credentials in a URL travel as Basic auth (as curl sends them), to the same origin only, and are never shown. */
@Timeout(60)
class UrlCredentialsTest {
    static FaultServer server;
    static FaultServer other;

    @BeforeAll
    static void start() {
        server = FaultServer.start();
        other = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        other.close();
    }

    @BeforeEach
    void clear() {
        server.resetStats();
        other.resetStats();
    }

    static Shoal client() {
        return Shoal.builder().readTimeout(Duration.ofSeconds(5)).deadline(Duration.ofSeconds(20)).build();
    }

    private static String withCredentials(FaultServer s, String userinfo, String path) {
        return s.url(path).replace("http://", "http://" + userinfo + "@");
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static String authorization(RecordedRequest r) {
        List<String> values = r.headers().get("Authorization");
        return values == null ? null : String.join(",", values);
    }

    @Test
    void credentialsAreSentAsBasicAuthPercentDecodedAndLeftOutOfTheFinalUrl() throws Exception {
        try (Shoal shoal = client()) {
            Request request = Request.get(withCredentials(server, "us%40er:p%C3%A4ss%3Aw", "/echo"));
            Response r = shoal.send(request).join();
            assertEquals(200, r.status());
            assertEquals(server.url("/echo"), r.finalUrl());
            assertEquals(basic("us@er:päss:w"), authorization(server.takeRequest(5, TimeUnit.SECONDS)));
            assertFalse(request.toString().contains("p%C3%A4ss"), request.toString());
            assertFalse(r.toString().contains("p%C3%A4ss"), r.toString());
        }
    }

    @Test
    void theRequestsOwnAuthorizationWins() throws Exception {
        try (Shoal shoal = client()) {
            shoal.send(Request.builder(withCredentials(server, "u:pw", "/echo")).header("Authorization", "Bearer t").build()).join();
            assertEquals("Bearer t", authorization(server.takeRequest(5, TimeUnit.SECONDS)));
        }
    }

    @Test
    void credentialsFollowSameOriginRedirectsOnly() throws Exception {
        try (Shoal shoal = client()) {
            Response same = shoal.send(Request.get(withCredentials(server, "u:pw", "/redirect/1"))).join();
            assertEquals(200, same.status());
            assertEquals(basic("u:pw"), authorization(server.takeRequest(5, TimeUnit.SECONDS)));
            assertEquals(basic("u:pw"), authorization(server.takeRequest(5, TimeUnit.SECONDS)));
            assertEquals(server.url("/redirect/0"), same.finalUrl());

            String elsewhere = URLEncoder.encode(withCredentials(other, "x:leak", "/echo"), StandardCharsets.UTF_8);
            Response cross = shoal.send(Request.get(withCredentials(server, "u:pw", "/redirect-to?url=" + elsewhere))).join();
            assertEquals(200, cross.status());
            assertEquals(basic("u:pw"), authorization(server.takeRequest(5, TimeUnit.SECONDS)));
            RecordedRequest atOther = other.takeRequest(5, TimeUnit.SECONDS);
            assertNotNull(atOther);
            assertNull(authorization(atOther), "credentials went to another origin");
            assertEquals(other.url("/echo"), cross.finalUrl());
        }
    }

    @Test
    void failuresDoNotShowTheCredentials() {
        try (Shoal shoal = client()) {
            for (String url : List.of("http://u:s3cret@127.0.0.1:" + FaultServer.closedPort() + "/",
                    "http://u:s3cret@a b.test/", "http://u:s3cret@h.test:99999/", "ftp://u:s3cret@h.test/", "u:s3cret@h.test")) {
                CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url)).join());
                assertFalse(e.getCause().toString().contains("s3cret"), e.getCause().toString());
                assertFalse(String.valueOf(e.getCause().getMessage()).contains("s3cret"), url);
            }
        }
    }

    @Test
    void theRequestTargetIsTheSerializedPathAndQuery() throws Exception {
        try (Shoal shoal = client()) {
            Response r = shoal.send(Request.get(server.url("/a/./b/../../echo/x y|{}^é") + "?q=a b'#frag")).join();
            assertEquals(200, r.status());
            assertEquals("/echo/x%20y|%7B%7D%5E%C3%A9?q=a%20b%27", server.takeRequest(5, TimeUnit.SECONDS).uri());
            assertEquals(server.url("/echo/x%20y|%7B%7D%5E%C3%A9?q=a%20b%27#frag"), r.finalUrl());
            shoal.send(Request.get(server.url("/status/200").replace("127.0.0.1", "0x7f.1"))).join();
            assertEquals("/status/200", server.takeRequest(5, TimeUnit.SECONDS).uri());
        }
    }
}
