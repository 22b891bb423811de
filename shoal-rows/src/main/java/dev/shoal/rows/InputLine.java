package dev.shoal.rows;

import dev.shoal.Headers;
import dev.shoal.Urls;

/**
 * One line of a run's input, read the same way by {@code shoal fetch} and the Flink job: a bare URL, or a
 * JSON object {@code {"url": ..., "method": ..., "headers": {name: value or [values]}, "body": "text"}}, whose
 * body may instead be {@code "body_file": "path"} (streamed from disk) or {@code "body_base64": "..."} (binary).
 * Blank lines and {@code #} comments take no index ({@link #takesIndex}); every other line is one request
 * and gets exactly one row, even when it {@linkplain Invalid cannot be sent}. Pure: no I/O.
 */
public sealed interface InputLine permits InputLine.Spec, InputLine.Invalid {

    /** False for blank lines and comments, which are skipped and get no index and no row. */
    static boolean takesIndex(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c != '#';
            }
        }
        return false;
    }

    /** What a line that {@linkplain #takesIndex takes an index} asks for. */
    static InputLine parse(String line) {
        String text = line.strip();
        if (text.startsWith("{")) {
            return JsonInputLine.parse(text);
        }
        return new Spec(text, null, Headers.empty(), null);
    }

    /**
     * A request as the line gives it, with at most one of {@code body} (text), {@code bodyFile} (a path) and
     * {@code bodyBinary} (decoded from base64); a null method or body is left to the caller's defaults (the command
     * line's, or GET/POST as curl does). The method is kept as written: HTTP methods are case-sensitive. The
     * URL is not checked here: the engine answers {@code invalid_url} or {@code unsupported_scheme} for it.
     */
    record Spec(String url, String method, Headers headers, String body, String bodyFile, byte[] bodyBinary)
            implements InputLine {
        /** A line with a text body, or none. */
        public Spec(String url, String method, Headers headers, String body) {
            this(url, method, headers, body, null, null);
        }

        /** True when the line gives a body of any kind ({@code body}, {@code body_file}, {@code body_base64}). */
        public boolean hasBody() {
            return body != null || bodyFile != null || bodyBinary != null;
        }

        /** Without the URL's credentials (the headers mask their own secrets). */
        @Override
        public String toString() {
            return "Spec[url=" + Urls.withoutCredentials(url) + ", method=" + method + ", headers=" + headers + "]";
        }
    }

    /**
     * A line that cannot become a request (malformed JSON, a field of the wrong type), and so becomes an
     * {@code invalid_request} row; url and method as far as the line gave them, else null.
     */
    record Invalid(String url, String method, String message) implements InputLine {
        /** Without the URL's credentials. */
        @Override
        public String toString() {
            return "Invalid[url=" + Urls.withoutCredentials(url) + ", method=" + method + ", message=" + message + "]";
        }
    }
}
