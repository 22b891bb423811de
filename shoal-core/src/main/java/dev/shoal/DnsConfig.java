package dev.shoal;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How host names become socket addresses: the DNS servers asked (none given: those of {@code /etc/resolv.conf},
 * with its search domains), how queries are sent, and curl's overrides.
 *
 * <p>Queries: at most {@code maxQueriesInFlight} at once over the whole client; a query unanswered after
 * {@code queryTimeout} is sent again (to each server in turn), with the timeout doubled each time, up to
 * {@code attempts} rounds: 1 s, 2 s, 4 s by default, so one lost packet costs a second, not the request.
 * Answers are cached for their TTL (at most 10 minutes); "no such name" (NXDOMAIN) for a minute; a timeout
 * or a server failure (SERVFAIL) never.
 *
 * <p>Overrides, as curl's {@code --resolve HOST:PORT:ADDR} ({@link Resolve}) and {@code --connect-to
 * HOST1:PORT1:HOST2:PORT2} ({@link ConnectTo}): the connection goes elsewhere, while TLS (SNI, certificate
 * check) and the {@code Host} header keep the URL's host name.
 *
 * @param servers            the servers asked in turn; empty for those of {@code /etc/resolv.conf}
 * @param maxQueriesInFlight queries at most in flight over the client; at least 2
 * @param queryTimeout       the first query's timeout, doubled for each further attempt
 * @param attempts           rounds of queries per name; at least 1
 * @param resolve            the {@code --resolve} overrides
 * @param connectTo          the {@code --connect-to} overrides, the first match applying
 */
public record DnsConfig(List<InetSocketAddress> servers, int maxQueriesInFlight, Duration queryTimeout, int attempts,
                        List<Resolve> resolve, List<ConnectTo> connectTo) {

    /**
     * Checks the settings and copies the lists.
     *
     * @param servers the servers, or empty
     * @param maxQueriesInFlight at least 2
     * @param queryTimeout positive
     * @param attempts at least 1
     * @param resolve the --resolve rules
     * @param connectTo the --connect-to rules
     * @throws IllegalArgumentException when a number is out of range
     */
    public DnsConfig {
        servers = List.copyOf(servers);
        resolve = List.copyOf(resolve);
        connectTo = List.copyOf(connectTo);
        if (maxQueriesInFlight < 2) throw new IllegalArgumentException("maxQueriesInFlight must be at least 2");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) throw new IllegalArgumentException("queryTimeout must be positive");
    }

    /** {@return the system's servers, 256 queries in flight, 3 attempts from 1 s, no overrides} */
    public static DnsConfig defaults() {
        return new DnsConfig(List.of(), 256, Duration.ofSeconds(1), 3, List.of(), List.of());
    }

    /**
     * {@code --resolve}: connections to {@code host} (any host for {@code "*"}) on {@code port} go to these
     * addresses, tried in turn, without asking DNS.
     *
     * @param host      the host name, lower-cased, or {@code "*"}
     * @param port      the port
     * @param addresses the addresses, at least one
     */
    public record Resolve(String host, int port, List<InetAddress> addresses) {
        /**
         * Checks the rule.
         *
         * @param host the host name, or "*"
         * @param port from 1 to 65535
         * @param addresses at least one
         * @throws IllegalArgumentException when the host is empty, the port invalid or no address given
         */
        public Resolve {
            host = host.toLowerCase(Locale.ROOT);
            addresses = List.copyOf(addresses);
            if (host.isEmpty()) throw new IllegalArgumentException("--resolve needs a host name (or *)");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("invalid port: " + port);
            if (addresses.isEmpty()) throw new IllegalArgumentException("--resolve needs at least one address");
        }

        /**
         * From IP literals ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}); a host name is refused.
         *
         * @param host      the host name, or {@code "*"}
         * @param port      the port
         * @param addresses IP literals
         * @return the rule
         * @throws IllegalArgumentException when an address is not an IP literal
         */
        public static Resolve of(String host, int port, String... addresses) {
            List<InetAddress> list = new ArrayList<>(addresses.length);
            for (String a : addresses) {
                list.add(ipLiteral(a));
            }
            return new Resolve(host, port, list);
        }

        /**
         * Whether this rule applies.
         *
         * @param h the URL's host, lower case
         * @param p the URL's port
         * @return true when it does
         */
        public boolean matches(String h, int p) {
            return p == port && (host.equals("*") || host.equals(h));
        }
    }

    /** An IP address written as one (IPv6 in brackets or not), never looked up. */
    static InetAddress ipLiteral(String text) {
        String t = text.trim();
        if (t.length() > 1 && t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(t);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return a;
    }

    /**
     * {@code --connect-to}: a connection for {@code fromHost}:{@code fromPort} goes to {@code toHost}:{@code toPort}
     * instead. A null {@code fromHost} or a zero {@code fromPort} matches any; a null {@code toHost} or a zero
     * {@code toPort} keeps the original one.
     */
    public record ConnectTo(String fromHost, int fromPort, String toHost, int toPort) {
        /**
         * Checks the ports; empty hosts become null.
         *
         * @param fromHost the host to match, or null or empty for any
         * @param fromPort the port to match, or 0 for any
         * @param toHost the host to connect to, or null or empty to keep it
         * @param toPort the port to connect to, or 0 to keep it
         * @throws IllegalArgumentException when a port is out of range
         */
        public ConnectTo {
            fromHost = fromHost == null || fromHost.isEmpty() ? null : fromHost.toLowerCase(Locale.ROOT);
            toHost = toHost == null || toHost.isEmpty() ? null : toHost.toLowerCase(Locale.ROOT);
            if (fromPort < 0 || fromPort > 65535 || toPort < 0 || toPort > 65535) {
                throw new IllegalArgumentException("invalid port in --connect-to");
            }
        }

        /**
         * Whether this rule applies.
         *
         * @param host the URL's host, lower case
         * @param port the URL's port
         * @return true when it does
         */
        public boolean matches(String host, int port) {
            return (fromHost == null || fromHost.equals(host)) && (fromPort == 0 || fromPort == port);
        }
    }
}
