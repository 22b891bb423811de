package dev.shoal.cli.fetch;

import dev.shoal.Shoal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * curl's name options, parsed: {@code --resolve [+]HOST:PORT:ADDR[,ADDR]...}, {@code --connect-to
 * HOST1:PORT1:HOST2:PORT2} and {@code --dns-servers ADDR[:PORT][,...]}; IPv6 addresses in brackets. Each
 * parser throws {@link IllegalArgumentException} with a message naming what is wrong.
 */
final class NameOptions {
    private NameOptions() {
    }

    /** Adds a {@code --resolve} entry to {@code builder}. */
    static void resolve(Shoal.Builder builder, String value) {
        String v = value.startsWith("+") ? value.substring(1) : value;
        if (v.startsWith("-")) {
            throw new IllegalArgumentException("--resolve '" + value + "': removing an entry is not supported");
        }
        List<String> parts = split(v, 3);
        if (parts.size() != 3 || parts.get(0).isEmpty() || parts.get(2).isEmpty()) {
            throw new IllegalArgumentException("--resolve '" + value + "': expected HOST:PORT:ADDRESS[,ADDRESS]...");
        }
        int port = port(parts.get(1), false, "--resolve '" + value + "'");
        String[] addresses = parts.get(2).split(",");
        try {
            builder.resolve(unbracket(parts.get(0)), port, addresses);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--resolve '" + value + "': " + e.getMessage());
        }
    }

    /** Adds a {@code --connect-to} rule to {@code builder}. */
    static void connectTo(Shoal.Builder builder, String value) {
        List<String> parts = split(value, 4);
        if (parts.size() != 4) {
            throw new IllegalArgumentException("--connect-to '" + value + "': expected HOST1:PORT1:HOST2:PORT2 (parts may be empty)");
        }
        String where = "--connect-to '" + value + "'";
        builder.connectTo(unbracket(parts.get(0)), port(parts.get(1), true, where), unbracket(parts.get(2)),
                port(parts.get(3), true, where));
    }

    /** The servers of {@code --dns-servers}: IP addresses, each with an optional {@code :PORT} (default 53). */
    static List<InetSocketAddress> dnsServers(String value) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String item : value.split(",")) {
            String s = item.trim();
            String host = s;
            int port = 53;
            int close = s.indexOf(']');
            if (s.startsWith("[") && close > 0) {
                host = s.substring(1, close);
                if (close + 1 < s.length()) {
                    if (s.charAt(close + 1) != ':') throw new IllegalArgumentException("--dns-servers: bad address '" + item + "'");
                    port = port(s.substring(close + 2), false, "--dns-servers '" + item + "'");
                }
            } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {  // IPv4:PORT (a bare IPv6 has several)
                host = s.substring(0, s.indexOf(':'));
                port = port(s.substring(s.indexOf(':') + 1), false, "--dns-servers '" + item + "'");
            }
            InetAddress ip = io.netty.util.NetUtil.createInetAddressFromIpAddressString(host);
            if (ip == null) {
                throw new IllegalArgumentException("--dns-servers: '" + item + "' is not an IP address");
            }
            servers.add(new InetSocketAddress(ip, port));
        }
        return servers;
    }

    /** {@code value} split on colons outside brackets, into at most {@code limit} parts (the last takes the rest). */
    static List<String> split(String value, int limit) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < value.length() && parts.size() < limit - 1; i++) {
            char c = value.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth = Math.max(0, depth - 1);
            else if (c == ':' && depth == 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    private static String unbracket(String host) {
        return host.length() > 1 && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String text, boolean mayBeEmpty, String where) {
        if (text.isEmpty() && mayBeEmpty) {
            return 0;
        }
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException(where + ": invalid port '" + text + "'");
    }
}
