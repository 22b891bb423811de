package dev.shoal.internal.upload;

import io.netty.channel.unix.DomainSocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Whether a file body on cleartext goes to the socket by {@code sendfile} (a zero-copy region) or is copied
 * through a buffer, chunk by chunk. {@code sendfile} spares the sender its two copies (the file's read and the
 * socket's write), but hands the socket page fragments of the file's own pages. A receiver on another machine
 * never sees them (its network card delivers fresh packets either way), so there the copies are simply saved.
 * A receiver on this machine reads straight out of those fragments: the file's pages, cold in the caches, 4 KiB
 * at a time, which costs it markedly more than reading bytes the sender has just copied into the socket (still
 * in the shared cache, in larger fragments). On loopback the receiver is usually the slower side, so the copy is
 * the faster upload there (bench/README.md, "Uploads").
 */
public final class ZeroCopy {
    private ZeroCopy() {
    }

    /**
     * True when a file should go by {@code sendfile} to this peer: one on another machine, or one whose address
     * does not say (the choice made before the peer was looked at). False for a loopback or wildcard address
     * and for a Unix socket, whose receiver is on this machine.
     */
    public static boolean suits(SocketAddress peer) {
        if (peer instanceof DomainSocketAddress || peer instanceof UnixDomainSocketAddress) {
            return false;
        }
        if (peer instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address == null || !(address.isLoopbackAddress() || address.isAnyLocalAddress());
        }
        return true;
    }
}
