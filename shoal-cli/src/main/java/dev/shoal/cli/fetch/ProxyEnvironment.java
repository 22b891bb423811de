package dev.shoal.cli.fetch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The proxy the usual environment variables name, as curl reads them. The client has one proxy for all
 * requests, so the first of https_proxy, http_proxy, all_proxy (lower case first, then upper) is taken.
 * Upper-case HTTP_PROXY is ignored, as curl does: a CGI environment sets it from a request's Proxy header.
 */
final class ProxyEnvironment {
    private static final List<String> PROXY_VARIABLES = List.of(
            "https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY");

    private ProxyEnvironment() {
    }

    static String proxyUrl(Map<String, String> env) {
        for (String name : PROXY_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static List<String> noProxy(Map<String, String> env) {
        String value = env.getOrDefault("no_proxy", env.get("NO_PROXY"));
        return value == null ? List.of() : Arrays.asList(value.split(","));
    }
}
