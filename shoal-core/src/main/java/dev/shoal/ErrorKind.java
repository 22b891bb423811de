package dev.shoal;

/**
 * Why a request failed: one stable kind per failure. An HTTP 404 or 500 is a {@link Response} with a
 * status, never an error. {@link #wireName()} is the name used in rows and documentation.
 */
public enum ErrorKind {
    /** The URL does not parse, or has no host. */
    INVALID_URL,
    /** The URL (or a redirect target) is not http or https. */
    UNSUPPORTED_SCHEME,
    /** The request itself is illegal: a CR/LF in a header, a method that is not a token, ... */
    INVALID_REQUEST,
    /** The host name did not resolve. */
    DNS,
    /** Nothing listens at the address. */
    CONNECT_REFUSED,
    /** TCP (and TLS) handshake did not finish within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The TLS handshake failed: untrusted certificate, wrong host name, no common protocol. */
    TLS,
    /** The proxy refused or failed the tunnel. */
    PROXY,
    /** No byte arrived for longer than the read timeout. */
    READ_TIMEOUT,
    /** The whole-request deadline passed (redirects and retries included). */
    TIMEOUT,
    /** The peer reset or closed the connection before the response was complete. */
    CONNECTION_CLOSED,
    /** The peer did not speak HTTP: malformed status line, chunking, or oversized headers. */
    PROTOCOL,
    /** The decoded body exceeded the configured limit. */
    BODY_TOO_LARGE,
    /** More redirects than allowed. */
    TOO_MANY_REDIRECTS,
    /** The host's robots.txt disallows the URL for this client's user agent (or could not be fetched: RFC 9309). */
    ROBOTS,
    /** Cancelled by the caller or by shutdown. */
    CANCELLED,
    /** A local write failed (saving a body). */
    IO;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** {@return the kind as rows and messages name it: lower case, e.g. {@code connect_refused}} */
    public String wireName() {
        return wireName;
    }
}
