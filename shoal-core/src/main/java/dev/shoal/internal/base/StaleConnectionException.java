package dev.shoal.internal.base;

import dev.shoal.ShoalException;

/**
 * A pooled connection failed before any response byte: the server had most likely closed it while idle.
 * Not the user's error: the request goes once more on a fresh connection.
 */
public final class StaleConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StaleConnectionException(ShoalException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    public ShoalException error() {
        return (ShoalException) getCause();
    }
}
