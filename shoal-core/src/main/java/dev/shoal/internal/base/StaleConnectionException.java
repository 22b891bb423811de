package dev.shoal.internal.base;

import dev.shoal.ShoalException;

/**
 * A pooled connection failed before any response byte: the server had most likely closed it while idle.
 * Not the user's error: the request goes again, on a fresh connection where the host's bound leaves room
 * (see {@code ConnectStage}).
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
