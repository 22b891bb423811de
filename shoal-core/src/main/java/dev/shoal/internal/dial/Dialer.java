package dev.shoal.internal.dial;

import dev.shoal.DnsConfig;
import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.dns.DnsClient;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens a connection to a host and port: where {@code --connect-to} sends it, at the addresses {@code --resolve}
 * pins or DNS gives, tried in turn as Happy Eyeballs does. A name that cannot be resolved is error kind
 * {@code dns}.
 */
public final class Dialer {
    private final DnsClient dns;
    private final Destinations destinations;
    private final long attemptDelayMillis;

    public Dialer(DnsClient dns, DnsConfig config) {
        this(dns, config, HappyEyeballs.ATTEMPT_DELAY_MILLIS);
    }

    Dialer(DnsClient dns, DnsConfig config, long attemptDelayMillis) {
        this.dns = dns;
        this.destinations = new Destinations(config);
        this.attemptDelayMillis = attemptDelayMillis;
    }

    /** Connects {@code b} (its event loop is the connection's) for {@code host}:{@code port}. */
    public Dial dial(Bootstrap b, EventLoop loop, String host, int port) {
        Destinations.Target target = destinations.target(host, port);
        List<InetAddress> pinned = destinations.pinned(target.host(), target.port());
        CompletableFuture<List<InetAddress>> addresses = pinned != null ? CompletableFuture.completedFuture(pinned)
                : dns.resolve(target.host());
        CompletableFuture<Channel> winner = new CompletableFuture<>();
        Race race = new Race();
        // on the connection's event loop: what follows a failure (the pool, the caller's callbacks) must never run
        // on, nor hold up, the DNS client's thread
        addresses.whenCompleteAsync((list, error) -> {
            if (error != null) {
                winner.completeExceptionally(dnsFailure(target.host(), error));
                return;
            }
            if (list.isEmpty()) {
                winner.completeExceptionally(Internal.shoalException(ErrorKind.DNS, "cannot resolve " + target.host() + ": no address"));
                return;
            }
            List<InetSocketAddress> order = new ArrayList<>();
            for (InetAddress a : AddressOrder.interleave(list)) {
                order.add(new InetSocketAddress(a, target.port()));
            }
            race.begin(new HappyEyeballs(b, loop, order, attemptDelayMillis, winner));
        }, loop);
        return new Dial(winner, race::stop, addresses);
    }

    private static ShoalException dnsFailure(String host, Throwable error) {
        Throwable c = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String m = c.getMessage();
        String why = m != null && m.startsWith(host + ": ") ? m.substring(host.length() + 2) : String.valueOf(m);
        return Internal.shoalException(ErrorKind.DNS, "cannot resolve " + host + ": " + why, c);
    }

    /** The attempts once the addresses are known; a stop before that stops them as soon as they begin. */
    private static final class Race {
        private HappyEyeballs attempts;
        private boolean stopped;

        void begin(HappyEyeballs a) {
            synchronized (this) {
                attempts = a;
                if (stopped) {
                    a.stop();
                    return;
                }
            }
            a.start();
        }

        void stop() {
            HappyEyeballs a;
            synchronized (this) {
                stopped = true;
                a = attempts;
            }
            if (a != null) {
                a.stop();
            }
        }
    }
}
