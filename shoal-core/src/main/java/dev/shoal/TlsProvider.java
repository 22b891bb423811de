package dev.shoal;

import dev.shoal.internal.tls.TlsContexts;

/** Which TLS engine a client's handshakes and records go through. */
public enum TlsProvider {
    /** OpenSSL (BoringSSL, from netty-tcnative) where its native library loads, the JDK's engine otherwise. */
    AUTO,
    /** OpenSSL (BoringSSL); building a client that makes a TLS connection fails where its native library does not load. */
    OPENSSL,
    /** The JDK's own engine (SunJSSE). */
    JDK;

    /**
     * The engine this choice uses on this machine, named for people: {@code "OpenSSL (BoringSSL)"}, or
     * {@code "JDK"} with the reason when {@link #AUTO} could not load OpenSSL. Loads the native library to find out.
     *
     * @return the engine's name
     */
    public String describe() {
        return TlsContexts.describe(this);
    }
}
