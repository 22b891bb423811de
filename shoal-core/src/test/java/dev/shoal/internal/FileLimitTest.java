package dev.shoal.internal;

import dev.shoal.ErrorKind;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Errors;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.base.SocketShortage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle cap fits the file limit unless set; bounds the limit cannot hold are refused before a run. */
class FileLimitTest {

    private static ShoalConfig config(int maxInFlight, int maxIdle) {
        return Shoal.builder().maxInFlight(maxInFlight).maxIdleConnections(maxIdle).config();
    }

    @Test
    void derivedIdleCapIsWhatTheLimitLeavesUpToItsBound() {
        // room for a crawl's hosts to come back to their connections, far beyond the concurrency
        assertEquals(10_000 - 256 - FileLimit.RESERVE, FileLimit.idleCap(config(256, ShoalConfig.AUTO_IDLE_CAP), 10_000));
        assertEquals(FileLimit.MAX_AUTO_IDLE, FileLimit.idleCap(config(256, ShoalConfig.AUTO_IDLE_CAP), 1_000_000));
        assertEquals(FileLimit.MAX_AUTO_IDLE, FileLimit.idleCap(config(256, ShoalConfig.AUTO_IDLE_CAP), -1));  // unknown limit
        assertEquals(30_000, FileLimit.idleCap(config(30_000, ShoalConfig.AUTO_IDLE_CAP), 1_000_000));
    }

    @Test
    void derivedIdleCapShrinksToWhatTheLimitLeaves() {
        assertEquals(512 - 256 - FileLimit.RESERVE, FileLimit.idleCap(config(256, ShoalConfig.AUTO_IDLE_CAP), 512));
        assertEquals(0, FileLimit.idleCap(config(256, ShoalConfig.AUTO_IDLE_CAP), 256 + FileLimit.RESERVE));
    }

    @Test
    void maxInFlightAboveTheLimitIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileLimit.idleCap(config(1000, ShoalConfig.AUTO_IDLE_CAP), 512));
        assertTrue(e.getMessage().contains("maxInFlight 1000") && e.getMessage().contains("ulimit -n"), e.getMessage());
    }

    @Test
    void aSetIdleCapIsKeptOrRefusedNeverShrunk() {
        assertEquals(10, FileLimit.idleCap(config(256, 10), 512));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileLimit.idleCap(config(256, 300), 512));
        assertTrue(e.getMessage().contains("maxIdleConnections 300"), e.getMessage());
    }

    @Test
    void negativeIdleCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> config(256, -2));
    }

    @Test
    void socketShortagesAreToldFromTheServersAnswers() {
        assertEquals("Too many open files", SocketShortage.reason(
                new io.netty.channel.ChannelException(new IOException("newSocketStream(..) failed: Too many open files"))));
        assertEquals("Cannot assign requested address",
                SocketShortage.reason(new ConnectException("connect(..) failed: Cannot assign requested address")));
        assertEquals("No buffer space available", SocketShortage.reason(new IOException("No buffer space available")));
        assertNull(SocketShortage.reason(new ConnectException("connect(..) failed: Connection refused")));
        assertNull(SocketShortage.reason(new IOException((String) null)));
    }

    @Test
    void aSocketShortageIsKindIoNotTheServersRefusal() {
        Origin origin = new Origin("http", "127.0.0.1", 80);
        ShoalException e = Errors.connectFailure(new ConnectException("connect(..) failed: Cannot assign requested address"), origin);
        assertEquals(ErrorKind.IO, e.kind());
        assertEquals("cannot open a socket (" + origin + "): Cannot assign requested address", e.getMessage());
        assertEquals(ErrorKind.CONNECT_REFUSED,
                Errors.connectFailure(new ConnectException("connect(..) failed: Connection refused"), origin).kind());
    }
}
