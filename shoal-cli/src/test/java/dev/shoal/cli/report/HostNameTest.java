package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNameTest {

    @ParameterizedTest
    @CsvSource({
        "https://Example.COM/a/b?c=d,        example.com",
        "http://example.com,                 example.com",
        "http://example.com:8080/x,          example.com:8080",
        "http://user:pw@example.com:81/x@y,  example.com:81",
        "http://[::1]:9000/path,             [::1]:9000",
        "https://example.com?q=1,            example.com",
        "https://example.com#top,            example.com",
        "htp:/example.com/x,                 (no host)",
        "not a url,                          (no host)",
        "http:///nohost,                     (no host)",
    })
    void findsTheHostAndPortOfAUrl(String url, String host) {
        assertEquals(host, HostName.of(url));
    }

    @org.junit.jupiter.api.Test
    void aRowWithoutUrlHasNoHost() {
        assertEquals(HostName.NO_HOST, HostName.of(null));
    }
}
