package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.ParanoidLeakDetection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every misbehaviour of a server or of the input ends as exactly one outcome with the right kind. */
@ExtendWith(ParanoidLeakDetection.class)
@Timeout(60)
class FaultsTest {
    static FaultServer server;
    static Shoal shoal;

    @BeforeAll
    static void start() {
        server = FaultServer.start();
        shoal = Shoal.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(800))
                .deadline(Duration.ofSeconds(3))
                .maxBodyBytes(8 << 20)
                .build();
    }

    @AfterAll
    static void stop() {
        shoal.close();
        server.close();
    }

    static ErrorKind kindOf(String url) {
        Outcome o = shoal.gather(List.of(Request.get(url))).get(0);
        assertInstanceOf(Outcome.Failure.class, o, () -> url + " should fail but got " + o);
        return ((Outcome.Failure) o).kind();
    }

    @Test
    void statusesAreResponsesNotErrors() {
        assertEquals(404, shoal.send(Request.get(server.url("/status/404"))).join().status());
        assertEquals(500, shoal.send(Request.get(server.url("/status/500"))).join().status());
    }

    @Test
    void resetBeforeAnsweringIsConnectionClosed() {
        assertEquals(ErrorKind.CONNECTION_CLOSED, kindOf(server.url("/reset")));
    }

    @Test
    void closeMidBodyIsConnectionClosed() {
        assertEquals(ErrorKind.CONNECTION_CLOSED, kindOf(server.url("/close-mid-body")));
    }

    @Test
    void bytesThatAreNotHttpAreProtocol() {
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/garbage")));
    }

    @Test
    void aStatusOfMoreThanThreeDigitsIsProtocol() {
        server.route("/status-999999", (request, reply) -> reply.status(999_999).body("ok"));
        server.route("/status-1000", (request, reply) -> reply.status(1000).body("ok"));
        server.route("/status-42", (request, reply) -> reply.status(42).body("ok"));
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/status-999999")));
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/status-1000")));
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/status-42")));
        assertEquals(999, shoal.send(Request.get(server.url("/status/999"))).join().status(), "three digits, if unknown");
    }

    @Test
    void malformedChunkingIsProtocol() {
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/malformed-chunked")));
    }

    @Test
    void hugeHeaderSectionIsProtocol() {
        assertEquals(ErrorKind.PROTOCOL, kindOf(server.url("/huge-header?mib=4")));
    }

    @Test
    void stallsAreReadTimeouts() {
        assertEquals(ErrorKind.READ_TIMEOUT, kindOf(server.url("/status-then-stall")));
        assertEquals(ErrorKind.READ_TIMEOUT, kindOf(server.url("/partial-body-stall")));
        assertEquals(ErrorKind.READ_TIMEOUT, kindOf(server.url("/never")));
    }

    @Test
    void dripThatIsNeverIdleHitsTheDeadline() {
        long t0 = System.nanoTime();
        assertEquals(ErrorKind.TIMEOUT, kindOf(server.url("/drip?interval=300")));
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s > 2.5 && s < 5, "deadline of 3 s fired after " + s + " s");
    }

    @Test
    void endlessBodyIsTooLarge() {
        assertEquals(ErrorKind.BODY_TOO_LARGE, kindOf(server.url("/endless")));
    }

    @Test
    void gzipBombIsCountedDecodedAndRefused() {
        // the server compresses its bomb on first use, which takes longer than this class's read timeout
        try (Shoal patient = Shoal.builder().readTimeout(Duration.ofSeconds(20)).maxBodyBytes(8 << 20).build()) {
            Outcome o = patient.gather(List.of(Request.get(server.url("/gzip-bomb/256")))).get(0);
            assertEquals(ErrorKind.BODY_TOO_LARGE, ((Outcome.Failure) o).kind());
        }
        Runtime rt = Runtime.getRuntime();
        assertTrue(rt.totalMemory() - rt.freeMemory() < 512L << 20, "a bomb must not inflate in memory");
    }

    @Test
    void redirectLoopIsTooManyRedirects() {
        assertEquals(ErrorKind.TOO_MANY_REDIRECTS, kindOf(server.url("/redirect-loop")));
    }

    @Test
    void tooManyRedirectsDoesNotShowCredentialsOfTheLocation() {
        try (Shoal noRedirects = Shoal.builder().maxRedirects(0).deadline(Duration.ofSeconds(3)).build()) {
            String url = server.url("/redirect-to?url=http://user:s3cret@127.0.0.1:1/x");
            Outcome o = noRedirects.gather(List.of(Request.get(url))).get(0);
            Outcome.Failure f = assertInstanceOf(Outcome.Failure.class, o);
            assertEquals(ErrorKind.TOO_MANY_REDIRECTS, f.kind());
            assertTrue(f.error().getMessage().contains("http://127.0.0.1:1/x"), f.error().getMessage());
            assertTrue(!f.error().getMessage().contains("s3cret") && !f.error().getMessage().contains("user"), f.error().getMessage());
        }
    }

    @Test
    void redirectToFileSchemeIsUnsupported() {
        assertEquals(ErrorKind.UNSUPPORTED_SCHEME, kindOf(server.url("/redirect-to?url=file:///etc/passwd")));
    }

    @Test
    void nothingListeningIsConnectRefused() {
        assertEquals(ErrorKind.CONNECT_REFUSED, kindOf("http://127.0.0.1:" + FaultServer.closedPort() + "/"));
    }

    @Test
    void unknownHostIsDns() {
        assertEquals(ErrorKind.DNS, kindOf("http://no-such-host.invalid/"));
    }

    @Test
    void badUrlsAreInvalidOrUnsupported() {
        assertEquals(ErrorKind.INVALID_URL, kindOf("not a url"));
        assertEquals(ErrorKind.INVALID_URL, kindOf("http://"));
        assertEquals(ErrorKind.UNSUPPORTED_SCHEME, kindOf("ftp://example.com/file"));
    }

    @Test
    void headerWithNewlineIsRefusedAndNeverSent() {
        long before = server.requests();
        Request r = Request.builder(server.url("/echo")).header("X-Evil", "a\r\nInjected: yes").build();
        CompletionException e = assertThrows(CompletionException.class, () -> shoal.send(r).join());
        assertEquals(ErrorKind.INVALID_REQUEST, ((ShoalException) e.getCause()).kind());
        Request m = Request.builder(server.url("/echo")).method("GET /x HTTP/1.1").build();
        assertEquals(ErrorKind.INVALID_REQUEST, ((Outcome.Failure) shoal.gather(List.of(m)).get(0)).kind());
        assertEquals(before, server.requests());
    }

    @Test
    void failureCarriesAttemptsAndTiming() {
        Outcome.Failure f = (Outcome.Failure) shoal.gather(List.of(Request.get(server.url("/never")))).get(0);
        assertEquals(1, f.error().attempts());
        assertTrue(f.error().elapsedNanos() >= 700_000_000L);
        assertTrue(f.error().startedAtMillis() > 0);
        Outcome.Failure invalid = (Outcome.Failure) shoal.gather(List.of(Request.get("nope"))).get(0);
        assertEquals(0, invalid.error().attempts());
        assertNull(null);
    }
}
