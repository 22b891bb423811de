package dev.shoal.internal.base;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** Turns the completion of a send into an {@link Outcome}. */
public final class Outcomes {
    private Outcomes() {
    }

    /** The outcome of a completed send: its response, or its failure as a typed error. */
    public static Outcome of(Request request, Response response, Throwable error) {
        if (error == null) {
            return new Outcome.Success(request, response);
        }
        return new Outcome.Failure(request, asShoalException(error));
    }

    /** Unwraps completion wrappers; cancellation is kind {@code cancelled}; anything else unexpected is {@code io}. */
    public static ShoalException asShoalException(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ShoalException se) {
            return se;
        }
        if (t instanceof CancellationException) {
            return Internal.shoalException(ErrorKind.CANCELLED, "cancelled");
        }
        return Internal.shoalException(ErrorKind.IO, String.valueOf(t), t);
    }
}
