package dev.shoal.rows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.shoal.Headers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Reads the JSON form of an {@link InputLine}, streaming (no tree): every field is checked for its type, an
 * unknown field or trailing text is refused, and each problem becomes the message of an {@link InputLine.Invalid}.
 */
final class JsonInputLine {
    private static final JsonFactory JSON = new JsonFactory(); // thread-safe once configured

    private JsonInputLine() {
    }

    static InputLine parse(String text) {
        String url = null;
        String method = null;
        Headers.Builder headers = new Headers.Builder();
        String body = null;
        String bodyFile = null;
        String bodyBase64 = null;
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "url" -> url = string(p, value, "url", false);
                    case "method" -> method = string(p, value, "method", true);
                    case "body" -> body = string(p, value, "body", true);
                    case "body_file" -> bodyFile = string(p, value, "body_file", true);
                    case "body_base64" -> bodyBase64 = string(p, value, "body_base64", true);
                    case "headers" -> {
                        String problem = readHeaders(p, value, headers);
                        if (problem != null) {
                            return new InputLine.Invalid(url, method, problem);
                        }
                    }
                    default -> {
                        return new InputLine.Invalid(url, method, "unknown field \"" + field
                                + "\" (expected url, method, headers, body, body_file, body_base64)");
                    }
                }
            }
            if (p.nextToken() != null) {
                return new InputLine.Invalid(url, method, "text after the JSON object");
            }
        } catch (FieldTypeException e) {
            return new InputLine.Invalid(url, method, e.getMessage());
        } catch (JsonProcessingException e) {
            return new InputLine.Invalid(url, method, "not valid JSON: " + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source does no I/O
        }
        if (url == null) {
            return new InputLine.Invalid(null, method, "no \"url\" field");
        }
        int bodies = (body != null ? 1 : 0) + (bodyFile != null ? 1 : 0) + (bodyBase64 != null ? 1 : 0);
        if (bodies > 1) {
            return new InputLine.Invalid(url, method, "at most one of \"body\", \"body_file\" and \"body_base64\"");
        }
        byte[] binary = null;
        if (bodyBase64 != null) {
            try {
                binary = Base64.getDecoder().decode(bodyBase64);
            } catch (IllegalArgumentException e) {
                return new InputLine.Invalid(url, method, "\"body_base64\" is not base64: " + e.getMessage());
            }
        }
        if (bodyFile != null) {
            try {
                if (bodyFile.isEmpty() || java.nio.file.Path.of(bodyFile).getFileName() == null) {
                    return new InputLine.Invalid(url, method, "\"body_file\" names no file");
                }
            } catch (java.nio.file.InvalidPathException e) {
                return new InputLine.Invalid(url, method, "\"body_file\" is not a valid path: " + e.getReason());
            }
        }
        return new InputLine.Spec(url, method, headers.build(), body, bodyFile, binary);
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

    /**
     * Jackson's message without the part that points into the source, which says only that the source is
     * not shown ("(start marker at [Source: REDACTED ...; line: 1, column: 1])").
     */
    private static String withoutSource(String message) {
        int at = message == null ? -1 : message.indexOf(" (start marker at [Source:");
        return at >= 0 ? message.substring(0, at) : message;
    }
}
