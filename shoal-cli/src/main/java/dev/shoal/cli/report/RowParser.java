package dev.shoal.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads one JSON Lines row with Jackson's streaming parser: no tree is built, and fields the report does
 * not use are skipped whole. A row needs a status or an error, and {@code started_at} and {@code elapsed_ms}
 * unless it is a failure that never started (an invalid URL: both are null there); anything else is
 * malformed, with a short reason. {@code bytes} is null on a failure.
 */
final class RowParser {
    private final JsonFactory json = JsonFactory.builder().build();

    Row parse(byte[] line, int offset, int length) throws MalformedRowException {
        try (JsonParser parser = json.createParser(line, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRowException("not a JSON object");
            }
            Row row = readObject(parser);
            if (parser.nextToken() != null) {
                throw new MalformedRowException("text after the row");
            }
            return row;
        } catch (JsonProcessingException e) {
            throw new MalformedRowException("invalid JSON");
        } catch (IOException e) {
            // Parsing an in-memory array performs no I/O; a failure here is a malformed input too.
            throw new MalformedRowException("unreadable: " + e.getClass().getSimpleName());
        }
    }

    private static Row readObject(JsonParser parser) throws IOException, MalformedRowException {
        String url = null;
        Integer status = null;
        long bytes = 0;
        int attempts = 1;
        int redirects = 0;
        String protocol = null;
        Long startedAt = null;
        Double elapsedMs = null;
        String errorKind = null;
        String errorMessage = null;
        double[] phasesMs = null;
        double politeWaitMs = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "url" -> url = optionalText(parser, value, field);
                case "status" -> status = optionalStatus(parser, value);
                case "bytes" -> bytes = value == JsonToken.VALUE_NULL ? 0 : wholeNumber(parser, value, field);
                case "attempts" -> attempts = smallNumber(parser, value, field);
                case "redirects" -> redirects = smallNumber(parser, value, field);
                case "protocol" -> protocol = optionalText(parser, value, field);
                case "started_at" -> startedAt = value == JsonToken.VALUE_NULL ? Row.NEVER_STARTED : wholeNumber(parser, value, field);
                case "elapsed_ms" -> elapsedMs = value == JsonToken.VALUE_NULL ? Double.NaN : decimal(parser, value, field);
                case "error" -> {
                    if (value == JsonToken.START_OBJECT) {
                        ErrorField error = readError(parser);
                        errorKind = error.kind();
                        errorMessage = error.message();
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw new MalformedRowException("error is not an object");
                    }
                }
                case "polite_wait_ms" -> {
                    politeWaitMs = value == JsonToken.VALUE_NULL ? 0 : decimal(parser, value, field);
                    if (politeWaitMs < 0) {
                        throw new MalformedRowException("polite_wait_ms is negative");
                    }
                }
                case "timings" -> {
                    if (value == JsonToken.START_OBJECT) {
                        phasesMs = readTimings(parser);
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw new MalformedRowException("timings is not an object");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (startedAt == null) {
            throw new MalformedRowException("no started_at");
        }
        if (elapsedMs == null) {
            throw new MalformedRowException("no elapsed_ms");
        }
        if (status == null && errorKind == null) {
            throw new MalformedRowException("neither status nor error");
        }
        boolean neverStarted = startedAt == Row.NEVER_STARTED || elapsedMs.isNaN();
        if (neverStarted && errorKind == null) {
            throw new MalformedRowException("a response without started_at or elapsed_ms");
        }
        if (neverStarted) {
            startedAt = Row.NEVER_STARTED;
            elapsedMs = 0.0;
        }
        return new Row(url, status, bytes, attempts, redirects, protocol, startedAt, elapsedMs,
                errorKind, errorMessage, neverStarted ? null : phasesMs, politeWaitMs);
    }

    /** The phases of a {@code timings} object, in the order of {@link Phases#NAMES}; a phase left out is zero. */
    private static double[] readTimings(JsonParser parser) throws IOException, MalformedRowException {
        double[] phases = new double[Phases.NAMES.length];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            int i = java.util.Arrays.asList(Phases.NAMES).indexOf(field);
            if (i < 0) {
                parser.skipChildren();  // total, or a phase a later version adds
                continue;
            }
            double ms = decimal(parser, value, "timings." + field);
            if (!(ms >= 0)) {
                throw new MalformedRowException("timings." + field + " is negative");
            }
            phases[i] = ms;
        }
        return phases;
    }

    private record ErrorField(String kind, String message) {}

    private static ErrorField readError(JsonParser parser) throws IOException, MalformedRowException {
        String kind = null;
        String message = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "kind" -> kind = optionalText(parser, value, "error.kind");
                case "message" -> message = optionalText(parser, value, "error.message");
                default -> parser.skipChildren();
            }
        }
        if (kind == null || kind.isEmpty()) {
            throw new MalformedRowException("error without a kind");
        }
        return new ErrorField(kind, message);
    }

    private static Integer optionalStatus(JsonParser parser, JsonToken value) throws IOException, MalformedRowException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        long status = wholeNumber(parser, value, "status");
        if (status < 100 || status > 999) {
            throw new MalformedRowException("status out of range");
        }
        return (int) status;
    }

    private static String optionalText(JsonParser parser, JsonToken value, String field)
            throws IOException, MalformedRowException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedRowException(field + " is not a string");
        }
        return parser.getText();
    }

    private static long wholeNumber(JsonParser parser, JsonToken value, String field)
            throws IOException, MalformedRowException {
        if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedRowException(field + " is not a whole number");
        }
        long number = parser.getLongValue();
        if (number < 0) {
            throw new MalformedRowException(field + " is negative");
        }
        return number;
    }

    private static int smallNumber(JsonParser parser, JsonToken value, String field)
            throws IOException, MalformedRowException {
        return (int) Math.min(Integer.MAX_VALUE, wholeNumber(parser, value, field));
    }

    private static double decimal(JsonParser parser, JsonToken value, String field)
            throws IOException, MalformedRowException {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedRowException(field + " is not a number");
        }
        double number = parser.getDoubleValue();
        if (!(number >= 0) || Double.isInfinite(number)) {
            throw new MalformedRowException(field + " is negative");
        }
        return number;
    }
}
