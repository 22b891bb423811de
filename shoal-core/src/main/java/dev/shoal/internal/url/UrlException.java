package dev.shoal.internal.url;

/**
 * A URL the standard's parser refuses, or one whose scheme is not http or https ({@link #unsupportedScheme}).
 * The message says why and never repeats the input, which may hold credentials. No stack trace: bulk input
 * makes many of these.
 */
public final class UrlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean unsupportedScheme;

    UrlException(String reason) {
        this(reason, false);
    }

    private UrlException(String reason, boolean unsupportedScheme) {
        super(reason, null, false, false);
        this.unsupportedScheme = unsupportedScheme;
    }

    /** @param scheme the scheme to name, or null when naming it could show a secret */
    static UrlException unsupportedScheme(String scheme) {
        return new UrlException(scheme == null ? "unsupported scheme (not http or https)" : "unsupported scheme: " + scheme, true);
    }

    /** True when the URL has a scheme other than http or https (it may be a valid URL of that scheme). */
    public boolean isUnsupportedScheme() {
        return unsupportedScheme;
    }
}
