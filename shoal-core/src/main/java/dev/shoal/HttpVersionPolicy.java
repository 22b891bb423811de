package dev.shoal;

/** Which HTTP versions the client speaks. */
public enum HttpVersionPolicy {
    /** HTTP/1.1 only. */
    HTTP_1_1,
    /** HTTP/2 where a TLS server offers it by ALPN, HTTP/1.1 otherwise (cleartext stays HTTP/1.1). */
    HTTP_2,
    /** HTTP/2 without negotiation, for cleartext servers known to speak it (and by ALPN over TLS). */
    HTTP_2_PRIOR_KNOWLEDGE
}
