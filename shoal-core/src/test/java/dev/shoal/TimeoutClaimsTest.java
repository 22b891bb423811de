package dev.shoal;

import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README says of the timeouts, each checked where it could go wrong. */
@Timeout(60)
class TimeoutClaimsTest {
    /**
     * "deadline ... starts when the request gets its permits, not while it waits for them": three requests of
     * 1 s in line behind one per-host permit all finish under a deadline of 2.5 s, though the last one waits
     * 2 s for its permit; and the deadline does hold for a request that runs past it.
     */
    @Test
    void theDeadlineStartsWhenTheRequestGetsItsPermit() {
        try (FaultServer server = FaultServer.start();
             Shoal shoal = Shoal.builder().maxPerHost(1).deadline(Duration.ofMillis(2500)).build()) {
            shoal.gather(List.of(Request.get(server.url("/bytes/1"))));  // the first request's set-up is not the point
            List<Request> inLine = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                inLine.add(Request.get(server.url("/delay/1000?n=" + i)));
            }
            long start = System.nanoTime();
            List<Outcome> outcomes = shoal.gather(inLine);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (Outcome o : outcomes) {
                assertInstanceOf(Outcome.Success.class, o, o::toString);
            }
            assertTrue(tookMillis >= 3000, "one at a time, so the last waited for its permit: " + tookMillis + " ms");

            Outcome late = shoal.gather(List.of(Request.get(server.url("/delay/4000")))).get(0);
            assertEquals(ErrorKind.TIMEOUT, assertInstanceOf(Outcome.Failure.class, late, late::toString).kind());
        }
    }

    /**
     * "connectTimeout covers TCP and the TLS handshake": a server that accepts the TCP connection and never
     * answers the ClientHello fails the request as connect_timeout, soon after the connect timeout, not at the
     * (much later) deadline. A CA file to trust makes the client build its TLS context up front, so that the
     * connect timeout is spent on the connect.
     */
    @Test
    void aStalledTlsHandshakeIsAConnectTimeout(@TempDir Path dir) throws Exception {
        List<Socket> accepted = new ArrayList<>();
        Path ca = TestCertificate.generate(dir).certificatePem();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Shoal shoal = Shoal.builder().connectTimeout(Duration.ofMillis(1000)).deadline(Duration.ofSeconds(20))
                     .readTimeout(Duration.ofSeconds(20)).trustedCertificates(ca).build()) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();  // kept open, never read from, never written to
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Outcome o = shoal.gather(List.of(Request.get("https://127.0.0.1:" + silent.getLocalPort() + "/"))).get(0);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Outcome.Failure f = assertInstanceOf(Outcome.Failure.class, o, o::toString);
            assertEquals(ErrorKind.CONNECT_TIMEOUT, f.kind(), f::toString);
            assertTrue(tookMillis >= 950 && tookMillis < 6000, "failed after " + tookMillis + " ms");
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (acceptedCount(accepted) == 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            assertEquals(1, acceptedCount(accepted), "TCP was accepted: the handshake is what stalled");
        } finally {
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    private static int acceptedCount(List<Socket> accepted) {
        synchronized (accepted) {
            return accepted.size();
        }
    }
}
