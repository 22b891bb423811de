package dev.shoal.cli.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.shoal.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns one input line into a {@link LineRequest}: a bare URL, or a JSON object
 * {@code {"url": ..., "method": ..., "headers": {name: value or [values]}, "body": "text"}}.
 * Blank lines and {@code #} comments take no index ({@link #takesIndex}). Pure: no I/O.
 */
public final class InputParser {
    private final JsonFactory json = new JsonFactory();

    /** False for blank lines and comments, which are skipped and get no index and no row. */
    public static boolean takesIndex(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c != '#';
            }
        }
        return false;
    }

    public LineRequest parse(String line) {
        String text = line.strip();
        if (text.startsWith("{")) {
            return parseJson(text);
        }
        return new LineRequest.Spec(text, null, Headers.empty(), null);
    }

    private LineRequest parseJson(String text) {
        String url = null;
        String method = null;
        Headers.Builder headers = new Headers.Builder();
        String body = null;
        try (JsonParser p = json.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "url" -> url = string(p, value, "url", false);
                    case "method" -> method = string(p, value, "method", true);
                    case "body" -> body = string(p, value, "body", true);
                    case "headers" -> {
                        String problem = readHeaders(p, value, headers);
                        if (problem != null) {
                            return new LineRequest.Invalid(url, method, problem);
                        }
                    }
                    default -> {
                        return new LineRequest.Invalid(url, method, "unknown field \"" + field
                                + "\" (expected url, method, headers, body)");
                    }
                }
            }
            if (p.nextToken() != null) {
                return new LineRequest.Invalid(url, method, "text after the JSON object");
            }
        } catch (FieldTypeException e) {
            return new LineRequest.Invalid(url, method, e.getMessage());
        } catch (JsonProcessingException e) {
            return new LineRequest.Invalid(url, method, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
        if (url == null) {
            return new LineRequest.Invalid(null, method, "no \"url\" field");
        }
        return new LineRequest.Spec(url, method, headers.build(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(JsonParser p, JsonToken value, String field, boolean nullable) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (nullable && value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new FieldTypeException("\"" + field + "\" must be a string");
    }

    /** Reads {name: "value"} or {name: ["v1", "v2"]}; returns a problem, or null when all is well. */
    private static String readHeaders(JsonParser p, JsonToken value, Headers.Builder headers) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            return "\"headers\" must be an object of names to values";
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                headers.add(name, p.getText());
            } else if (v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    headers.add(name, p.getText());
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    return "header \"" + name + "\" must be a string or an array of strings";
                }
            } else {
                return "header \"" + name + "\" must be a string or an array of strings";
            }
        }
        return null;
    }

    /** A field of the wrong JSON type; becomes the row's message. */
    private static final class FieldTypeException extends IOException {
        private static final long serialVersionUID = 1L;

        FieldTypeException(String message) {
            super(message, null);
        }
    }
}
