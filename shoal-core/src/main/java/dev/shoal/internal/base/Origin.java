package dev.shoal.internal.base;

/** Scheme, host and port: the unit of pooling and of the per-host limits. Host is lower case, without brackets. */
public record Origin(String scheme, String host, int port) {

    public boolean isHttps() {
        return "https".equals(scheme);
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    public String authority() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = isHttps() ? port == 443 : port == 80;
        return defaultPort ? h : h + ":" + port;
    }

    // Written out, not the record's generated ones: those link method handles on first use (slow in a cold
    // process) and stay slower than plain code under the launcher's C1 compiler.
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && port == other.port && host.equals(other.host) && scheme.equals(other.scheme);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority();
    }
}
