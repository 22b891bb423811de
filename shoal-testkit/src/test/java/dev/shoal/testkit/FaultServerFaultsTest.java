package dev.shoal.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FaultServer routes that break the connection or the protocol. */
class FaultServerFaultsTest {
    private static FaultServer server;

    @BeforeAll
    static void start() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void resetAnswersWithATcpReset() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET", "/reset");
            assertThrows(SocketException.class, raw::readToEnd);
        }
    }

    @Test
    void flakyResetsTheFirstTimesThenSucceeds() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (RawHttp raw = new RawHttp(server.port())) {
                raw.send("GET", "/flaky?key=faults-flaky&times=2");
                assertThrows(SocketException.class, raw::readToEnd);
            }
        }
        try (RawHttp raw = new RawHttp(server.port())) {
            assertTrue(raw.send("GET", "/flaky?key=faults-flaky&times=2").readUntilSilent(300).startsWith("HTTP/1.1 200"));
        }
        assertEquals(3, server.requests("/flaky"));
    }

    @Test
    void closeMidBodySendsATenthOfTheAnnouncedBody() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String answer = raw.send("GET", "/close-mid-body").readToEnd();
            assertTrue(answer.contains("Content-Length: 1000"), answer);
            assertEquals(100, answer.length() - answer.indexOf("\r\n\r\n") - 4);
        }
    }

    @Test
    void partialBodyStallSendsATenthOfTheBodyAndKeepsTheConnectionOpen() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String answer = raw.send("GET", "/partial-body-stall").readUntilSilent(300);
            assertEquals(100, answer.length() - answer.indexOf("\r\n\r\n") - 4);
        }
    }

    @Test
    void statusThenStallSendsOnlyTheStatusLine() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            assertEquals("HTTP/1.1 200 OK\r\n", raw.send("GET", "/status-then-stall").readUntilSilent(300));
        }
    }

    @Test
    void neverReadsTheRequestAndAnswersNothing() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            assertEquals("", raw.send("GET", "/never").readUntilSilent(300));
        }
    }

    @Test
    void garbageIsNotHttp() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            assertTrue(raw.send("GET", "/garbage").readToEnd().startsWith("SSH-2.0-"));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThrows(IOException.class, () -> client.send(
                HttpRequest.newBuilder(URI.create(server.url("/garbage"))).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void malformedChunkedBreaksAnHttpClient() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThrows(IOException.class, () -> client.send(
                HttpRequest.newBuilder(URI.create(server.url("/malformed-chunked"))).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void hugeHeaderIsAsLongAsAsked() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String answer = raw.send("GET", "/huge-header?mib=2").readToEnd();
            int start = answer.indexOf("X-Huge: ") + "X-Huge: ".length();
            assertEquals(2 << 20, answer.indexOf("\r\n", start) - start);
        }
    }

    @Test
    void dripSendsABytePerInterval() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            long start = System.nanoTime();
            String answer = raw.send("GET", "/drip?interval=50").readUntil(73 + 5 * 6); // headers, then five 6-byte chunks
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            long drops = body.chars().filter(c -> c == '.').count();
            assertTrue(answer.contains("transfer-encoding: chunked"), answer);
            assertTrue(drops >= 1 && drops <= elapsedMillis / 50 + 1, drops + " drops in " + elapsedMillis + " ms");
        }
    }

    @Test
    void endlessStreamsAsFastAsTheClientReads() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(URI.create(server.url("/endless"))).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            long read = 0;
            byte[] buffer = new byte[65536];
            while (read < (32L << 20)) {
                int n = body.read(buffer);
                assertTrue(n > 0);
                read += n;
            }
        }
    }
}
