package dev.shoal.flink;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The input format of {@code shoal fetch}, one request per line: a URL, or a JSON object
 * {@code {"url", "method", "headers", "body"}} whose headers map a name to a value or a list of values.
 * Blank lines and {@code #} comments are no request and take no index; every other line is one request,
 * even when it is not a valid one (it then becomes a row with its error).
 */
public final class RequestLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestLines() {
    }

    /** True when the line is a request: not blank and not a comment. */
    public static boolean isRequest(String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.startsWith("#");
    }

    /** The request written on {@code line}, which {@link #isRequest} accepted. */
    public static FetchRequest parse(long index, String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return FetchRequest.get(index, trimmed);
        }
        try {
            return fromJson(index, JSON.readTree(trimmed));
        } catch (JacksonException e) {
            return FetchRequest.invalid(index, trimmed, "not a JSON object: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return FetchRequest.invalid(index, trimmed, e.getMessage());
        }
    }

    private static FetchRequest fromJson(long index, JsonNode node) {
        JsonNode url = node.get("url");
        if (url == null || !url.isTextual()) {
            throw new IllegalArgumentException("a JSON request needs a \"url\" string");
        }
        String method = text(node, "method", "GET").toUpperCase(Locale.ROOT);
        JsonNode body = node.get("body");
        if (body != null && !body.isNull() && !body.isTextual()) {
            throw new IllegalArgumentException("\"body\" must be a string");
        }
        String bodyText = body == null || body.isNull() ? null : body.asText();
        return new FetchRequest(index, url.asText(), method, headers(node.get("headers")), bodyText, null);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private static String[] headers(JsonNode headers) {
        if (headers == null || headers.isNull()) {
            return new String[0];
        }
        if (!headers.isObject()) {
            throw new IllegalArgumentException("\"headers\" must be an object of names to values");
        }
        List<String> namesAndValues = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : headers.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                for (JsonNode one : value) {
                    namesAndValues.add(field.getKey());
                    namesAndValues.add(headerValue(field.getKey(), one));
                }
            } else {
                namesAndValues.add(field.getKey());
                namesAndValues.add(headerValue(field.getKey(), value));
            }
        }
        return namesAndValues.toArray(new String[0]);
    }

    private static String headerValue(String name, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException("header \"" + name + "\" must have a string value");
        }
        return value.asText();
    }
}
