package dev.shoal.internal.pool;

import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.dial.Dial;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Times the set-up of one connection (DNS, then TCP and tunnel, then TLS, then the protocol's readiness) for
 * the connection to carry, and tells each step's start and end to the events of the request it is opened for.
 * A step still open when the connect fails ends with that failure, so every start has its end.
 */
final class SetupClock {
    private final Events events;
    private final Origin origin;
    private final long startNanos = System.nanoTime();
    private long dnsNanos;
    private long tlsStartNanos;
    private long tlsNanos;
    private boolean resolving;
    private boolean connecting;
    private boolean handshaking;
    private boolean over;

    SetupClock(Events events, Origin origin) {
        this.events = events;
        this.origin = origin;
    }

    /** The dial began: DNS runs if its addresses are not known yet, else the TCP connect starts at once. */
    void dialing(Dial dial, EventLoop loop) {
        if (dial.addressesKnown()) {
            connectStarting();
            return;
        }
        synchronized (this) {
            resolving = true;
        }
        events.dnsStart(origin.host());
        // on the connection's loop, as the dialer's own: never on the DNS client's thread
        dial.addresses().whenCompleteAsync(this::resolved, loop);
    }

    private void resolved(List<InetAddress> addresses, Throwable failure) {
        synchronized (this) {
            if (!resolving) return;
            resolving = false;
            dnsNanos = System.nanoTime() - startNanos;
        }
        events.dnsEnd(origin.host(), addresses, failure);
        if (failure == null) {
            connectStarting();
        }
    }

    private void connectStarting() {
        synchronized (this) {
            if (over) return;
            connecting = true;
        }
        events.connectStart(origin.host(), origin.port());
    }

    /** TCP (and a proxy's tunnel) are up; the TLS handshake starts now if there is one. */
    void connected(Channel ch, boolean tls) {
        synchronized (this) {
            if (!connecting) return;
            connecting = false;
            if (tls) {
                handshaking = true;
                tlsStartNanos = System.nanoTime();
            }
        }
        events.connectEnd(ch.remoteAddress() instanceof InetSocketAddress a ? a : null, null);
        if (tls) {
            events.tlsStart(origin.host());
        }
    }

    /** The TLS handshake ended, with {@code failure} or not. */
    void handshakeDone(Throwable failure) {
        synchronized (this) {
            if (!handshaking) return;
            handshaking = false;
            tlsNanos = System.nanoTime() - tlsStartNanos;
        }
        events.tlsEnd(origin.host(), failure);
    }

    /** The connection may take exchanges: it carries its set-up's phases from now on. */
    void ready(Connection c) {
        long now = System.nanoTime();
        long dns;
        long tls;
        synchronized (this) {
            over = true;
            dns = dnsNanos;
            tls = tlsNanos;
        }
        c.setUp(dns, Math.max(0, now - startNanos - dns - tls), tls, now);
    }

    /** The connect failed (or timed out): whichever step was under way ends with {@code failure}. */
    void failed(Throwable failure) {
        boolean dns;
        boolean tcp;
        boolean tls;
        synchronized (this) {
            if (over) return;
            over = true;
            dns = resolving;
            tcp = connecting;
            tls = handshaking;
            resolving = connecting = handshaking = false;
        }
        if (dns) events.dnsEnd(origin.host(), List.of(), failure);
        if (tcp) events.connectEnd(null, failure);
        if (tls) events.tlsEnd(origin.host(), failure);
    }
}
