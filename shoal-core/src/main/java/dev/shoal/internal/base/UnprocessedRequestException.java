package dev.shoal.internal.base;

import dev.shoal.ShoalException;

/**
 * The server said it did not process the request (HTTP/2: a stream above the last one a GOAWAY names, or
 * REFUSED_STREAM), or it never left: it goes again on another connection, whatever its method. Not a retry.
 */
public final class UnprocessedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnprocessedRequestException(ShoalException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    public ShoalException error() {
        return (ShoalException) getCause();
    }
}
