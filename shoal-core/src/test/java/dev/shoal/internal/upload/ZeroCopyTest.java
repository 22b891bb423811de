package dev.shoal.internal.upload;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sendfile to a peer on another machine, copies to one on this machine: decided from the address alone. */
class ZeroCopyTest {
    private static InetSocketAddress at(int... bytes) throws Exception {
        byte[] address = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            address[i] = (byte) bytes[i];
        }
        return new InetSocketAddress(InetAddress.getByAddress(address), 8080);  // no lookup: the bytes are the address
    }

    @Test
    void aPeerOnAnotherMachineGetsTheFileBySendfile() throws Exception {
        assertTrue(ZeroCopy.suits(at(192, 0, 2, 1)));
        assertTrue(ZeroCopy.suits(at(10, 1, 2, 3)));
        assertTrue(ZeroCopy.suits(at(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)));  // 2001:db8::1
    }

    @Test
    void aPeerOnThisMachineGetsCopies() throws Exception {
        assertFalse(ZeroCopy.suits(at(127, 0, 0, 1)));
        assertFalse(ZeroCopy.suits(at(127, 1, 2, 3)), "all of 127.0.0.0/8 is loopback");
        assertFalse(ZeroCopy.suits(at(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)), "::1");
        assertFalse(ZeroCopy.suits(at(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1)), "::ffff:127.0.0.1");
        assertFalse(ZeroCopy.suits(at(0, 0, 0, 0)), "connecting to 0.0.0.0 reaches this machine");
        assertFalse(ZeroCopy.suits(new DomainSocketAddress("/run/app.sock")), "--unix-socket (Netty's epoll)");
        assertFalse(ZeroCopy.suits(UnixDomainSocketAddress.of("/run/app.sock")), "the JDK's Unix socket");
    }

    @Test
    void aPeerWhoseAddressDoesNotSayKeepsSendfile() {
        assertTrue(ZeroCopy.suits(null));
        assertTrue(ZeroCopy.suits(InetSocketAddress.createUnresolved("example.test", 80)));
        EmbeddedChannel embedded = new EmbeddedChannel();
        try {
            assertTrue(ZeroCopy.suits(embedded.remoteAddress()));
        } finally {
            embedded.finishAndReleaseAll();
        }
    }
}
