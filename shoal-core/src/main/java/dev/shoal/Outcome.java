package dev.shoal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * What became of one request: a {@link Success} with its response (any status), or a {@link Failure}
 * with a typed {@link ShoalException}. Like {@code asyncio.gather(..., return_exceptions=True)}: a batch
 * never throws for one request.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {

    Request request();

    default boolean isSuccess() {
        return this instanceof Success;
    }

    /** Where the request's time went, whatever became of it. */
    Timings timings();

    record Success(Request request, Response response) implements Outcome {
        @Override
        public Timings timings() {
            return response.timings();
        }
    }

    record Failure(Request request, ShoalException error) implements Outcome {
        public ErrorKind kind() {
            return error.kind();
        }

        @Override
        public Timings timings() {
            return error.timings();
        }
    }

    /** The outcome of a completed send: its response, or its failure as a typed error. */
    static Outcome of(Request request, Response response, Throwable error) {
        if (error == null) {
            return new Success(request, response);
        }
        return new Failure(request, asShoalException(error));
    }

    /** Unwraps completion wrappers; cancellation is kind {@code cancelled}; anything else unexpected is {@code io}. */
    static ShoalException asShoalException(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ShoalException se) {
            return se;
        }
        if (t instanceof CancellationException) {
            return new ShoalException(ErrorKind.CANCELLED, "cancelled");
        }
        return new ShoalException(ErrorKind.IO, String.valueOf(t), t);
    }
}
