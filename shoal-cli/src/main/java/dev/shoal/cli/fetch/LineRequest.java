package dev.shoal.cli.fetch;

import dev.shoal.Headers;

/** What one input line asks for: a request to send, or the reason it cannot be sent. */
public sealed interface LineRequest permits LineRequest.Spec, LineRequest.Invalid {

    /**
     * A request as the line gives it; null fields take the command line's defaults. The URL is not
     * checked here: the engine answers {@code invalid_url} or {@code unsupported_scheme} for it.
     */
    record Spec(String url, String method, Headers headers, byte[] body) implements LineRequest {
    }

    /** A line that cannot become a request (malformed JSON, a field of the wrong type); url/method when known. */
    record Invalid(String url, String method, String message) implements LineRequest {
    }
}
