package dev.shoal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A proxy for outgoing connections: HTTP (plain forwarding for http URLs, a CONNECT tunnel for https) or
 * SOCKS5, with optional credentials, and the hosts that bypass it ({@code NO_PROXY} rules: a name matches
 * itself and its subdomains; {@code *} bypasses all). Host names are always resolved by the proxy. The
 * password never appears in {@link #toString()} nor in any error message.
 *
 * @param type     HTTP or SOCKS5
 * @param host     the proxy's host
 * @param port     the proxy's port
 * @param username the user name, or null
 * @param password the password, or null
 * @param noProxy  the hosts reached directly
 */
public record ProxyConfig(Type type, String host, int port, String username, String password, List<String> noProxy) {

    /** The proxy protocol. */
    public enum Type {
        /** HTTP: plain forwarding for http URLs, a CONNECT tunnel for https. */
        HTTP,
        /** SOCKS5, host names resolved by the proxy. */
        SOCKS5
    }

    /**
     * Checks the proxy and copies the bypass list.
     *
     * @param type HTTP or SOCKS5
     * @param host the proxy's host
     * @param port from 1 to 65535
     * @param username the user name, or null
     * @param password the password, or null
     * @param noProxy the hosts reached directly, or null for none
     * @throws IllegalArgumentException when the type or host is missing or the port invalid
     */
    public ProxyConfig {
        if (type == null || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("a proxy needs a type and a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid proxy port: " + port);
        }
        noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
    }

    /**
     * Parses {@code http://[user:pw@]host:port} or {@code socks5://[user:pw@]host:port} (a bare {@code host:port}
     * is HTTP). Credentials may be percent-encoded.
     *
     * @param value   the proxy URL
     * @param noProxy the hosts reached directly (null: none)
     * @return the proxy
     * @throws IllegalArgumentException when the value is not such a URL (an {@code https://} proxy, spoken to over
     *                                  TLS, is not supported)
     */
    public static ProxyConfig parse(String value, List<String> noProxy) {
        String v = value.trim();
        v = v.contains("://") ? v : "http://" + v;
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid proxy URL: " + redacted(value));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Type type = switch (scheme) {
            case "http" -> Type.HTTP;
            case "socks5", "socks5h" -> Type.SOCKS5;
            default -> throw new IllegalArgumentException("unsupported proxy scheme: " + scheme
                    + " (use http://, socks5:// or socks5h://)");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy URL has no host: " + redacted(value));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : (type == Type.HTTP ? 8080 : 1080);
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ProxyConfig(type, host, port, user, password, noProxy);
    }

    /**
     * The proxy the usual environment variables name for URLs of {@code scheme} ("http" or "https"), or null:
     * {@code http_proxy}/{@code HTTP_PROXY} or {@code https_proxy}/{@code HTTPS_PROXY}, else {@code all_proxy}/
     * {@code ALL_PROXY}, lower case first; with the bypass list of {@code no_proxy}/{@code NO_PROXY}
     * (comma-separated). Upper-case {@code HTTP_PROXY} is ignored in a CGI environment ({@code REQUEST_METHOD}
     * set), where a request's {@code Proxy:} header would set it ("httpoxy").
     *
     * @param env    the environment, as {@link System#getenv()}
     * @param scheme "http" or "https"
     * @return the proxy, or null when no variable names one
     * @throws IllegalArgumentException when the variable holds no valid proxy URL
     */
    public static ProxyConfig fromEnvironment(Map<String, String> env, String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https: " + scheme);
        }
        boolean cgi = env.containsKey("REQUEST_METHOD");
        String value = firstSet(env, s + "_proxy", cgi && s.equals("http") ? null : s.toUpperCase(Locale.ROOT) + "_PROXY",
                "all_proxy", "ALL_PROXY");
        if (value == null) {
            return null;
        }
        return parse(value, noProxyList(firstSet(env, "no_proxy", "NO_PROXY")));
    }

    /**
     * {@code NO_PROXY}'s value as rules: split on commas and white space, empty entries dropped.
     *
     * @param value the variable's value, or null
     * @return the rules
     */
    public static List<String> noProxyList(String value) {
        List<String> rules = new ArrayList<>();
        if (value != null) {
            for (String r : value.split("[,\\s]+")) {
                if (!r.isEmpty()) rules.add(r);
            }
        }
        return rules;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = name == null ? null : env.get(name);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * True when requests to {@code host} go direct: a rule matches the host itself and its subdomains (a
     * leading dot is optional), {@code *} matches every host, an IP address matches only itself.
     *
     * @param host the URL's host
     * @return true when no proxy is used for it
     */
    public boolean bypasses(String host) {
        String h = unbracketed(host.toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        for (String rule : noProxy) {
            String r = unbracketed(rule.trim().toLowerCase(Locale.ROOT));
            if (r.startsWith(".")) r = r.substring(1);
            if (r.endsWith(".")) r = r.substring(0, r.length() - 1);
            if (r.isEmpty()) continue;
            if (r.equals("*")) return true;
            if (h.equals(r) || (!isIpLiteral(h) && h.endsWith("." + r))) return true;
        }
        return false;
    }

    /** {@return the credentials as a {@code Proxy-Authorization: Basic} value, or null without a user name} */
    public String basicAuthorization() {
        if (username == null) {
            return null;
        }
        String pair = username + ":" + (password == null ? "" : password);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@return {@code host:port}, for messages} */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean isIpLiteral(String h) {
        return h.indexOf(':') >= 0 || h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static String unbracketed(String h) {
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** A proxy URL as it may be shown: without its user info. */
    private static String redacted(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : (scheme >= 0 ? url.substring(0, scheme + 3) : "") + "***@" + url.substring(at + 1);
    }

    @Override
    public String toString() {
        // never print the password
        return type.name().toLowerCase(Locale.ROOT) + "://" + (username != null ? username + ":***@" : "") + address();
    }
}
