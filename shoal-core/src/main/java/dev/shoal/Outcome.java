package dev.shoal;

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

    record Success(Request request, Response response) implements Outcome {
    }

    record Failure(Request request, ShoalException error) implements Outcome {
        public ErrorKind kind() {
            return error.kind();
        }
    }
}
