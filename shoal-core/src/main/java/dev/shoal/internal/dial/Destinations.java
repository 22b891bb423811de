package dev.shoal.internal.dial;

import dev.shoal.DnsConfig;

import java.net.InetAddress;
import java.util.List;

/**
 * curl's overrides of where a connection goes: {@code --connect-to} swaps the host and port connected to, then
 * {@code --resolve} pins the addresses of a host and port. The first matching rule of each applies.
 */
final class Destinations {
    record Target(String host, int port) {
    }

    private final List<DnsConfig.ConnectTo> connectTo;
    private final List<DnsConfig.Resolve> resolve;

    Destinations(DnsConfig config) {
        this.connectTo = config.connectTo();
        this.resolve = config.resolve();
    }

    /** Where a connection for {@code host}:{@code port} goes (itself unless a --connect-to rule matches). */
    Target target(String host, int port) {
        for (DnsConfig.ConnectTo rule : connectTo) {
            if (rule.matches(host, port)) {
                return new Target(rule.toHost() != null ? rule.toHost() : host, rule.toPort() != 0 ? rule.toPort() : port);
            }
        }
        return new Target(host, port);
    }

    /** The addresses --resolve gives {@code host}:{@code port}, or null when DNS decides. */
    List<InetAddress> pinned(String host, int port) {
        for (DnsConfig.Resolve rule : resolve) {
            if (rule.matches(host, port)) {
                return rule.addresses();
            }
        }
        return null;
    }
}
