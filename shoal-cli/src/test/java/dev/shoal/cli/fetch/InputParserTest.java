package dev.shoal.cli.fetch;

import dev.shoal.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputParserTest {
    private final InputParser parser = new InputParser();

    @Test
    void blankLinesAndCommentsTakeNoIndex() {
        assertFalse(InputParser.takesIndex(""));
        assertFalse(InputParser.takesIndex("   \t"));
        assertFalse(InputParser.takesIndex("# a comment"));
        assertFalse(InputParser.takesIndex("   # indented comment"));
        assertTrue(InputParser.takesIndex("http://a/#fragment"));
        assertTrue(InputParser.takesIndex("not a url"));
    }

    @Test
    void plainLineIsTheUrlTrimmedWithEverythingElseLeftToTheCommandLine() {
        LineRequest.Spec spec = assertInstanceOf(LineRequest.Spec.class, parser.parse("  http://a.test/x?y=1 \r"));
        assertEquals("http://a.test/x?y=1", spec.url());
        assertNull(spec.method());
        assertNull(spec.body());
        assertEquals(0, spec.headers().size());
    }

    @Test
    void lineThatIsNotAUrlIsStillARequestForTheEngineToRefuse() {
        LineRequest.Spec spec = assertInstanceOf(LineRequest.Spec.class, parser.parse("ftp://files.test/x"));
        assertEquals("ftp://files.test/x", spec.url());
        assertEquals("not a url", ((LineRequest.Spec) parser.parse("not a url")).url());
    }

    @Test
    void jsonLineGivesUrlMethodHeadersAndBody() {
        LineRequest.Spec spec = assertInstanceOf(LineRequest.Spec.class, parser.parse(
                "{\"url\":\"http://a.test/p\",\"method\":\"PUT\",\"headers\":{\"X-A\":\"1\",\"X-B\":[\"2\",\"3\"]},"
                        + "\"body\":\"h\\u00e9\"}"));
        assertEquals("http://a.test/p", spec.url());
        assertEquals("PUT", spec.method());
        assertEquals(Headers.of("X-A", "1", "X-B", "2", "X-B", "3"), spec.headers());
        assertArrayEquals("hé".getBytes(StandardCharsets.UTF_8), spec.body());
    }

    @Test
    void jsonLineWithOnlyUrlLeavesTheRestToTheCommandLine() {
        LineRequest.Spec spec = assertInstanceOf(LineRequest.Spec.class,
                parser.parse("{\"url\": \"http://a.test/\", \"method\": null, \"body\": null, \"headers\": null}"));
        assertNull(spec.method());
        assertNull(spec.body());
    }

    @Test
    void malformedJsonIsAnInvalidLine() {
        LineRequest.Invalid invalid = assertInstanceOf(LineRequest.Invalid.class, parser.parse("{\"url\": \"http://a/\", "));
        assertEquals("http://a/", invalid.url());
        assertTrue(invalid.message().startsWith("not valid JSON"), invalid.message());
    }

    @Test
    void jsonWithoutUrlOrWithWrongTypesOrUnknownFieldsIsAnInvalidLineNamingTheProblem() {
        assertMessage("{\"method\": \"GET\"}", "no \"url\" field");
        assertMessage("{\"url\": 7}", "\"url\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"body\": {\"x\": 1}}", "\"body\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"headers\": [\"X: 1\"]}", "\"headers\" must be an object");
        assertMessage("{\"url\": \"http://a/\", \"headers\": {\"X\": 1}}", "header \"X\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"headers\": {\"X\": [\"1\", 2]}}", "header \"X\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"header\": {}}", "unknown field \"header\"");
        assertMessage("{\"url\": \"http://a/\"} {}", "text after the JSON object");
        assertMessage("{\"url\": \"http://a/\"} trailing", "not valid JSON");
    }

    private void assertMessage(String line, String expected) {
        LineRequest.Invalid invalid = assertInstanceOf(LineRequest.Invalid.class, parser.parse(line), line);
        assertTrue(invalid.message().startsWith(expected), invalid.message());
    }
}
