package dev.shoal.internal.cookie;

/**
 * One cookie in the jar (RFC 6265 5.3): where it may go ({@code domain}, {@code hostOnly}, {@code path},
 * {@code secure}; {@code httpOnly} only kept for cookie files), until when ({@code expiresAtMillis}, {@link Long#MAX_VALUE} for the session), and its
 * creation order, which sorts cookies of equal path length and picks the oldest to evict.
 */
record StoredCookie(String name, String value, boolean quoted, String domain, boolean hostOnly, String path,
                    boolean secure, boolean httpOnly, long expiresAtMillis, long created) {

    boolean isExpired(long nowMillis) {
        return expiresAtMillis <= nowMillis;
    }

    /** A replacement keeps the creation order of the cookie it replaces (5.3 step 11.3). */
    StoredCookie createdAt(long order) {
        return new StoredCookie(name, value, quoted, domain, hostOnly, path, secure, httpOnly, expiresAtMillis, order);
    }

    /** Without the value: a cookie's value is a credential, and must not reach a log or a message. */
    @Override
    public String toString() {
        return "StoredCookie{name=" + name + ", domain=" + domain + ", hostOnly=" + hostOnly + ", path=" + path
                + ", secure=" + secure + ", httpOnly=" + httpOnly + ", expiresAtMillis=" + expiresAtMillis + "}";
    }

    Key key() {
        return new Key(domain, path, name);
    }

    /** A cookie replaces the one with the same name, domain and path. */
    record Key(String domain, String path, String name) {
    }
}
