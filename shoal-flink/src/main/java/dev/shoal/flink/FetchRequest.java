package dev.shoal.flink;

import dev.shoal.BodySink;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Urls;
import dev.shoal.rows.InputLine;

/**
 * One element of the stream to fetch: the request of one input line and its index, the line's position
 * among the requests of the input (from 0). A Flink POJO, so that it travels between tasks and into
 * checkpoints without Kryo.
 *
 * @param index      the request's position in the input; carried to its row
 * @param url        as written; an invalid one becomes an {@code invalid_url} row, not an error
 * @param method     the HTTP method as written
 * @param headers    alternating names and values, as {@link Headers#of}
 * @param body       the request body as text, or null for none
 * @param inputError why the input line is not a request (malformed JSON), or null: such an element is not
 *                   sent and becomes an {@code invalid_request} row, with the url and method the line gave
 */
public record FetchRequest(long index, String url, String method, String[] headers, String body, String inputError) {

    private static final String[] NO_HEADERS = new String[0];

    public static FetchRequest get(long index, String url) {
        return new FetchRequest(index, url, "GET", NO_HEADERS, null, null);
    }

    /** The element of a parsed input line; without a method it is a POST with a body, else a GET, as curl does. */
    public static FetchRequest of(long index, InputLine line) {
        if (line instanceof InputLine.Invalid invalid) {
            return new FetchRequest(index, invalid.url(), invalid.method(), NO_HEADERS, null, invalid.message());
        }
        InputLine.Spec spec = (InputLine.Spec) line;
        if (spec.bodyFile() != null || spec.bodyBinary() != null) {
            return new FetchRequest(index, spec.url(), spec.method(), NO_HEADERS, null,
                    "\"body_file\" and \"body_base64\" are not supported by the Flink job (use \"body\")");
        }
        String method = spec.method() != null ? spec.method() : spec.body() != null ? "POST" : "GET";
        return new FetchRequest(index, spec.url(), method, namesAndValues(spec.headers()), spec.body(), null);
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

    /** Index, method and URL without its credentials; no header values (they may hold secrets) and no body. */
    @Override
    public String toString() {
        return "FetchRequest[" + index + " " + method + " " + Urls.withoutCredentials(url) + "]";
    }

    private static String[] namesAndValues(Headers headers) {
        String[] namesAndValues = new String[2 * headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            namesAndValues[2 * i] = headers.name(i);
            namesAndValues[2 * i + 1] = headers.value(i);
        }
        return namesAndValues;
    }
}
