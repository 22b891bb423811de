package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.ErrorKind;
import dev.shoal.ProxyConfig;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.ShoalException;
import dev.shoal.testkit.ParanoidLeakDetection;
import dev.shoal.testkit.Socks5Server;
import dev.shoal.testkit.real.Certificates;
import dev.shoal.testkit.real.Httpbin;
import dev.shoal.testkit.real.Nginx;
import dev.shoal.testkit.real.Tinyproxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proxies: a real tinyproxy forwarding http and tunnelling https (CONNECT), with and without Basic auth; an
 * in-process SOCKS5 proxy for both schemes; and every way a proxy fails ending as error kind {@code proxy}.
 * Origins: httpbin for http, nginx with a test CA for https.
 */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class ProxyTest {
    static final byte[] BIG = Bodies.random(1 << 20, 21);

    @TempDir
    static Path dir;
    static Httpbin httpbin;
    static Nginx tls;
    static Certificates certs;
    static Tinyproxy tinyproxy;
    static Tinyproxy guarded;
    static Socks5Server socks;
    static Socks5Server guardedSocks;

    @BeforeAll
    static void start() throws Exception {
        httpbin = Httpbin.start(dir.resolve("httpbin"));
        certs = Certificates.generate(dir.resolve("certs"));
        Path root = dir.resolve("www");
        Files.createDirectories(root);
        Files.write(root.resolve("big.bin"), BIG);
        tls = Nginx.start(dir.resolve("nginx"), 1, ports -> "server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s; root %s; }"
                .formatted(ports[0], certs.localhostCert(), certs.localhostKey(), root));
        tinyproxy = Tinyproxy.start(dir.resolve("tinyproxy"));
        guarded = Tinyproxy.start(dir.resolve("guarded"), "BasicAuth proxyuser proxypass");
        socks = Socks5Server.start();
        guardedSocks = Socks5Server.start("sockuser", "sockpass");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {guardedSocks, socks, guarded, tinyproxy, tls, httpbin}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // best effort: the others still close
            }
        }
    }

    static Shoal through(String proxyUrl, String... noProxy) {
        return Shoal.builder().proxy(ProxyConfig.parse(proxyUrl, List.of(noProxy))).trustedCertificates(certs.ca())
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(20)).build();
    }

    static String httpUrl(String path) {
        return httpbin.url(path);
    }

    static String httpsUrl() {
        return "https://localhost:" + tls.port(0) + "/big.bin";
    }

    static Response send(Shoal shoal, String url) {
        return shoal.send(Request.builder(url).sink(BodySink.memory().and(BodySink.sha256())).build()).join();
    }

    static ShoalException failure(Shoal shoal, String url) {
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(Request.get(url)).join());
        return (ShoalException) e.getCause();
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void httpGoesThroughTinyproxyInAbsoluteForm() {
        try (Shoal shoal = through(tinyproxy.url())) {
            Response r = send(shoal, httpUrl("/headers"));
            assertEquals(200, r.status());
            assertTrue(r.headers().get("Via").contains("tinyproxy"), r.headers().toString());
            assertTrue(tinyproxy.log().contains("GET " + httpUrl("/headers") + " HTTP/1.1"), tinyproxy.log());
        }
    }

    @Test
    void httpsGoesThroughATinyproxyConnectTunnel() {
        try (Shoal shoal = through(tinyproxy.url())) {
            Response r = send(shoal, httpsUrl());
            assertEquals(200, r.status());
            assertEquals(Bodies.sha256(BIG), r.sha256());
            assertTrue(tinyproxy.log().contains("CONNECT localhost:" + tls.port(0)), tinyproxy.log());
        }
    }

    @Test
    void proxyCredentialsOpenAGuardedProxyForBothSchemes() {
        try (Shoal shoal = through("http://proxyuser:proxypass@127.0.0.1:" + guarded.port())) {
            Response http = send(shoal, httpUrl("/headers"));
            assertEquals(200, http.status());
            assertFalse(new String(http.body(), StandardCharsets.UTF_8).contains("Proxy-Authorization"),
                    "the proxy consumed its credentials");
            assertEquals(Bodies.sha256(BIG), send(shoal, httpsUrl()).sha256());
        }
    }

    @Test
    void guardedProxyWithoutCredentialsIsAProxyFailure() {
        try (Shoal shoal = through("http://127.0.0.1:" + guarded.port())) {
            ShoalException http = failure(shoal, httpUrl("/get"));
            assertEquals(ErrorKind.PROXY, http.kind(), http.toString());
            assertTrue(http.getMessage().contains("407"), http.getMessage());
            ShoalException https = failure(shoal, httpsUrl());
            assertEquals(ErrorKind.PROXY, https.kind(), https.toString());
            assertTrue(https.getMessage().contains("407"), https.getMessage());
        }
    }

    @Test
    void guardedProxyRefusingWrongCredentialsForATunnelIsAProxyFailureThatHidesThem() {
        try (Shoal shoal = through("http://proxyuser:wrong-secret@127.0.0.1:" + guarded.port())) {
            ShoalException https = failure(shoal, httpsUrl());
            assertEquals(ErrorKind.PROXY, https.kind(), https.toString());
            assertFalse(https.getMessage().contains("wrong-secret"), https.getMessage());
            // tinyproxy answers a forwarded request with wrong credentials by a 401 of its own, with
            // WWW-Authenticate, as if it came from the origin: a client cannot tell, so it is a response
            Response http = send(shoal, httpUrl("/get"));
            assertEquals(401, http.status());
            assertTrue(http.headers().get("Server").startsWith("tinyproxy"));
        }
    }

    @Test
    void socks5CarriesHttpAndHttps() {
        try (Shoal shoal = through(socks.url())) {
            assertEquals(200, send(shoal, httpUrl("/get")).status());
            assertEquals(Bodies.sha256(BIG), send(shoal, httpsUrl()).sha256());
            assertTrue(socks.destinations().containsAll(List.of("127.0.0.1:" + httpbin.port(), "localhost:" + tls.port(0))),
                    socks.destinations().toString());
        }
    }

    @Test
    void socks5WithPasswordAuthentication() {
        try (Shoal shoal = through("socks5://sockuser:sockpass@127.0.0.1:" + guardedSocks.port())) {
            assertEquals(200, send(shoal, httpUrl("/get")).status());
        }
        try (Shoal shoal = through("socks5://sockuser:bad-secret@127.0.0.1:" + guardedSocks.port())) {
            ShoalException e = failure(shoal, httpUrl("/get"));
            assertEquals(ErrorKind.PROXY, e.kind(), e.toString());
            assertFalse(e.getMessage().contains("bad-secret"));
        }
    }

    @Test
    void socks5FailureToReachTheOriginIsAProxyFailure() throws Exception {
        try (Shoal shoal = through(socks.url())) {
            ShoalException e = failure(shoal, "http://127.0.0.1:" + closedPort() + "/");
            assertEquals(ErrorKind.PROXY, e.kind(), e.toString());
        }
    }

    @Test
    void connectToAClosedOriginThroughTinyproxyIsAProxyFailure() throws Exception {
        try (Shoal shoal = through(tinyproxy.url())) {
            ShoalException e = failure(shoal, "https://127.0.0.1:" + closedPort() + "/");
            assertEquals(ErrorKind.PROXY, e.kind(), e.toString());
        }
    }

    @Test
    void refusedProxyIsAProxyFailureForEveryKindAndScheme() throws Exception {
        int port = closedPort();
        for (String proxy : List.of("http://127.0.0.1:" + port, "socks5://127.0.0.1:" + port)) {
            try (Shoal shoal = through(proxy)) {
                for (String url : List.of(httpUrl("/get"), httpsUrl())) {
                    ShoalException e = failure(shoal, url);
                    assertEquals(ErrorKind.PROXY, e.kind(), proxy + " " + url + ": " + e);
                    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
                }
            }
        }
    }

    @Test
    void unresolvableProxyHostIsAProxyFailure() {
        for (String proxy : List.of("http://no-such-proxy.invalid:3128", "socks5://no-such-proxy.invalid:1080")) {
            try (Shoal shoal = through(proxy)) {
                for (String url : List.of(httpUrl("/get"), httpsUrl())) {
                    ShoalException e = failure(shoal, url);
                    assertEquals(ErrorKind.PROXY, e.kind(), proxy + " " + url + ": " + e);
                    assertTrue(e.getMessage().contains("no-such-proxy.invalid"), e.getMessage());
                }
            }
        }
    }

    @Test
    void noProxyHostsGoDirect() throws Exception {
        try (Shoal shoal = through("http://127.0.0.1:" + closedPort(), "127.0.0.1", "localhost")) {
            assertEquals(200, send(shoal, httpUrl("/get")).status());
            assertEquals(Bodies.sha256(BIG), send(shoal, httpsUrl()).sha256());
        }
    }

    @Test
    void eachSchemeUsesItsOwnProxy() {
        try (Shoal shoal = Shoal.builder().proxies(ProxyConfig.parse(tinyproxy.url(), List.of()), ProxyConfig.parse(socks.url(), List.of()))
                .trustedCertificates(certs.ca()).deadline(Duration.ofSeconds(20)).build()) {
            int socksBefore = socks.destinations().size();
            assertTrue(send(shoal, httpUrl("/headers")).headers().get("Via").contains("tinyproxy"));
            assertEquals(socksBefore, socks.destinations().size());
            assertEquals(Bodies.sha256(BIG), send(shoal, httpsUrl()).sha256());
            assertEquals("localhost:" + tls.port(0), socks.destinations().get(socks.destinations().size() - 1));
        }
    }

    @Test
    void connectionsThroughAProxyArePooledAndReused() {
        try (Shoal shoal = through(socks.url())) {
            int before = socks.destinations().size();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, send(shoal, httpUrl("/get")).status());
            }
            assertEquals(before + 1, socks.destinations().size(), "one tunnel for five requests to one origin");
        }
    }
}
