package dev.shoal;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A proxy for outgoing connections: HTTP (plain forwarding for http URLs, a CONNECT tunnel for https) or
 * SOCKS5, with optional credentials, and the hosts that bypass it ({@code NO_PROXY} rules: a name matches
 * itself and its subdomains; {@code *} bypasses all).
 */
public record ProxyConfig(Type type, String host, int port, String username, String password, List<String> noProxy) {

    public enum Type { HTTP, SOCKS5 }

    public ProxyConfig {
        noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
    }

    /**
     * Parses {@code http://[user:pw@]host:port} or {@code socks5://host:port} (a bare {@code host:port} is HTTP).
     *
     * @throws IllegalArgumentException when the value is not such a URL
     */
    public static ProxyConfig parse(String value, List<String> noProxy) {
        String v = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid proxy URL: " + value);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Type type = switch (scheme) {
            case "http", "https" -> Type.HTTP;
            case "socks5", "socks5h", "socks" -> Type.SOCKS5;
            default -> throw new IllegalArgumentException("unsupported proxy scheme: " + scheme);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy URL has no host: " + value);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : (type == Type.HTTP ? 8080 : 1080);
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        return new ProxyConfig(type, uri.getHost(), port, user, password, noProxy);
    }

    /** True when requests to {@code host} go direct. */
    public boolean bypasses(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String rule : noProxy) {
            String r = rule.trim().toLowerCase(Locale.ROOT);
            if (r.isEmpty()) continue;
            if (r.equals("*")) return true;
            if (r.startsWith(".")) r = r.substring(1);
            if (h.equals(r) || h.endsWith("." + r)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        // never print the password
        return type.name().toLowerCase(Locale.ROOT) + "://" + (username != null ? username + ":***@" : "") + host + ":" + port;
    }
}
