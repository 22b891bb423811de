package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.Request;

/**
 * One element of the stream to fetch: the request of one input line and its index, the line's position
 * among the requests of the input (from 0). A Flink POJO, so that it travels between tasks and into
 * checkpoints without Kryo.
 *
 * @param index      the request's position in the input; carried to its row
 * @param url        as written; an invalid one becomes an {@code invalid_url} row, not an error
 * @param method     the HTTP method, upper case
 * @param headers    alternating names and values, as {@link dev.shoal.Headers#of}
 * @param body       the request body as text, or null for none
 * @param inputError why the input line is not a request (malformed JSON), or null: such an element is not
 *                   sent and becomes an {@code invalid_request} row
 */
public record FetchRequest(long index, String url, String method, String[] headers, String body, String inputError) {

    private static final String[] NO_HEADERS = new String[0];

    public static FetchRequest get(long index, String url) {
        return new FetchRequest(index, url, "GET", NO_HEADERS, null, null);
    }

    public static FetchRequest invalid(long index, String line, String why) {
        return new FetchRequest(index, line, "GET", NO_HEADERS, null, why);
    }

    /** The Shoal request, tagged with the index; its body goes to {@code sink}. */
    public Request toRequest(BodySink sink) {
        Request.Builder b = Request.builder(url).method(method).sink(sink).tag(index);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.body(body);
        }
        return b.build();
    }
}
