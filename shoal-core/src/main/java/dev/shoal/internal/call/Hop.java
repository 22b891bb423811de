package dev.shoal.internal.call;

import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.RequestBody;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.url.UrlException;
import dev.shoal.internal.url.UrlParser;
import dev.shoal.internal.url.WebUrl;

/**
 * One request as it goes on the wire: the URL parsed into origin and path, method, headers and body.
 * A redirect makes a new hop; a retry sends the same one again. {@code url} is the URL as the WHATWG URL
 * Standard serializes it, without credentials: what the response's final URL and the rows show.
 */
public record Hop(String url, Origin origin, String pathAndQuery, String method, Headers headers, RequestBody body) {

    /**
     * Parses and checks the caller's request; every problem is an {@code invalid_url}, {@code unsupported_scheme}
     * or {@code invalid_request}. Credentials in the URL become {@code Authorization: Basic} (as curl sends
     * them) unless the request has its own; the hop's URL has them no longer.
     */
    public static Hop of(Request request) {
        WebUrl url = parse(request.url());
        Headers headers = request.headers();
        if (url.hasCredentials() && !headers.contains("Authorization")) {
            headers = headers.with("Authorization", url.basicAuthorization());
        }
        Hop hop = at(url, request.method(), headers, request.requestBody());
        Validation.check(hop);
        return hop;
    }

    /** A hop to {@code url}; the URL is parsed here, the rest is taken as given. */
    public static Hop at(String url, String method, Headers headers, RequestBody body) {
        return at(parse(url), method, headers, body);
    }

    /** A hop with a body of these bytes. */
    public static Hop at(String url, String method, Headers headers, byte[] body) {
        return at(parse(url), method, headers, RequestBody.of(body));
    }

    /** A hop to {@code url}, whose credentials (if any) are left out: they travel only as a header. */
    public static Hop at(WebUrl url, String method, Headers headers, RequestBody body) {
        if (url.port() == 0) {
            throw Internal.shoalException(ErrorKind.INVALID_URL, "invalid URL: port 0");
        }
        return new Hop(url.withoutCredentials().href(), new Origin(url.scheme(), url.hostName(), url.effectivePort()),
                url.requestTarget(), method, headers, body);
    }

    /** {@code url} by the WHATWG URL Standard, its failure as a {@link ShoalException} that does not repeat it. */
    public static WebUrl parse(String url) {
        try {
            return UrlParser.parse(url);
        } catch (UrlException e) {
            throw asShoalException(e, "invalid URL: ");
        }
    }

    /** The kind and message of a refused URL; {@code prefix} says which URL it was. */
    public static ShoalException asShoalException(UrlException e, String prefix) {
        return e.isUnsupportedScheme() ? Internal.shoalException(ErrorKind.UNSUPPORTED_SCHEME, e.getMessage())
                : Internal.shoalException(ErrorKind.INVALID_URL, prefix + e.getMessage());
    }

    public Hop withTarget(String newUrl, String newMethod, Headers newHeaders, RequestBody newBody) {
        return at(newUrl, newMethod, newHeaders, newBody);
    }
}
