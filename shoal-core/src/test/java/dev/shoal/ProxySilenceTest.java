package dev.shoal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A proxy that takes the connection and never answers the CONNECT: the connect timeout's message names the
 * proxy, not only the origin the user would otherwise suspect, and never its password.
 */
@Timeout(30)
class ProxySilenceTest {
    @Test
    void aTunnelThatNeverOpensTimesOutNamingTheProxy() throws Exception {
        // a listening socket never accepted from: the kernel completes the TCP handshake, nobody reads
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Shoal shoal = Shoal.builder()
                     .proxy(ProxyConfig.parse("http://user:hunter2@127.0.0.1:" + silent.getLocalPort(), null))
                     .connectTimeout(Duration.ofMillis(300)).build()) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> shoal.send(Request.get("https://origin.test/")).join());
            ShoalException cause = assertInstanceOf(ShoalException.class, e.getCause());
            assertEquals(ErrorKind.CONNECT_TIMEOUT, cause.kind());
            assertTrue(cause.getMessage().contains("via proxy 127.0.0.1:" + silent.getLocalPort()), cause.getMessage());
            assertFalse(cause.getMessage().contains("hunter2"), cause.getMessage());
        }
    }
}
