package dev.shoal;

/**
 * What became of one request: a {@link Success} with its response (any status), or a {@link Failure}
 * with a typed {@link ShoalException}. Like {@code asyncio.gather(..., return_exceptions=True)}: a batch
 * never throws for one request.
 */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {

    /** {@return the request as the caller sent it} */
    Request request();

    /** {@return whether this is a {@link Success}} */
    default boolean isSuccess() {
        return this instanceof Success;
    }

    /** {@return where the request's time went, whatever became of it} */
    Timings timings();

    /**
     * A response arrived, whatever its status.
     *
     * @param request  the request as the caller sent it
     * @param response its final response
     */
    record Success(Request request, Response response) implements Outcome {
        @Override
        public Timings timings() {
            return response.timings();
        }
    }

    /**
     * The request failed.
     *
     * @param request the request as the caller sent it
     * @param error   why, and what it did until then
     */
    record Failure(Request request, ShoalException error) implements Outcome {
        /** {@return the error's kind} */
        public ErrorKind kind() {
            return error.kind();
        }

        @Override
        public Timings timings() {
            return error.timings();
        }
    }
}
