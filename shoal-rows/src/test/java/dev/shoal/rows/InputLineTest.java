package dev.shoal.rows;

import dev.shoal.Headers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputLineTest {

    @Test
    void blankLinesAndCommentsTakeNoIndex() {
        assertFalse(InputLine.takesIndex(""));
        assertFalse(InputLine.takesIndex("   \t"));
        assertFalse(InputLine.takesIndex("# a comment"));
        assertFalse(InputLine.takesIndex("   # indented comment"));
        assertTrue(InputLine.takesIndex("http://a/#fragment"));
        assertTrue(InputLine.takesIndex("not a url"));
    }

    @Test
    void plainLineIsTheUrlTrimmedWithEverythingElseLeftToTheCaller() {
        InputLine.Spec spec = assertInstanceOf(InputLine.Spec.class, InputLine.parse("  http://a.test/x?y=1 \r"));
        assertEquals("http://a.test/x?y=1", spec.url());
        assertNull(spec.method());
        assertNull(spec.body());
        assertEquals(0, spec.headers().size());
    }

    @Test
    void lineThatIsNotAUrlIsStillARequestForTheEngineToRefuse() {
        InputLine.Spec spec = assertInstanceOf(InputLine.Spec.class, InputLine.parse("ftp://files.test/x"));
        assertEquals("ftp://files.test/x", spec.url());
        assertEquals("not a url", ((InputLine.Spec) InputLine.parse("not a url")).url());
    }

    @Test
    void jsonLineGivesUrlMethodHeadersAndBody() {
        InputLine.Spec spec = assertInstanceOf(InputLine.Spec.class, InputLine.parse(
                "{\"url\":\"http://a.test/p\",\"method\":\"PUT\",\"headers\":{\"X-A\":\"1\",\"X-B\":[\"2\",\"3\"]},"
                        + "\"body\":\"h\\u00e9\"}"));
        assertEquals("http://a.test/p", spec.url());
        assertEquals("PUT", spec.method());
        assertEquals(Headers.of("X-A", "1", "X-B", "2", "X-B", "3"), spec.headers());
        assertEquals("hé", spec.body());
    }

    @Test
    void methodIsKeptAsWrittenBecauseMethodsAreCaseSensitive() {
        InputLine.Spec spec = assertInstanceOf(InputLine.Spec.class,
                InputLine.parse("{\"url\": \"http://a.test/\", \"method\": \"post\"}"));
        assertEquals("post", spec.method());
    }

    @Test
    void jsonLineWithOnlyUrlLeavesTheRestToTheCaller() {
        InputLine.Spec spec = assertInstanceOf(InputLine.Spec.class,
                InputLine.parse("{\"url\": \"http://a.test/\", \"method\": null, \"body\": null, \"headers\": null}"));
        assertNull(spec.method());
        assertNull(spec.body());
        assertEquals(0, spec.headers().size());
    }

    @Test
    void malformedJsonIsAnInvalidLineKeepingWhatItHadRead() {
        InputLine.Invalid invalid = assertInstanceOf(InputLine.Invalid.class,
                InputLine.parse("{\"url\": \"http://a/\", \"method\": \"HEAD\", "));
        assertEquals("http://a/", invalid.url());
        assertEquals("HEAD", invalid.method());
        assertTrue(invalid.message().startsWith("not valid JSON"), invalid.message());
    }

    @Test
    void anUnclosedJsonObjectIsSaidSoWithoutJacksonsSourceNote() {
        InputLine.Invalid invalid = assertInstanceOf(InputLine.Invalid.class, InputLine.parse("{\"url\": \"http://a/\""));
        assertEquals("not valid JSON: Unexpected end-of-input: expected close marker for Object", invalid.message());
    }

    @Test
    void jsonWithoutUrlOrWithWrongTypesOrUnknownFieldsIsAnInvalidLineNamingTheProblem() {
        assertMessage("{\"method\": \"GET\"}", "no \"url\" field");
        assertMessage("{\"url\": 7}", "\"url\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"method\": 1}", "\"method\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"body\": {\"x\": 1}}", "\"body\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"headers\": [\"X: 1\"]}", "\"headers\" must be an object");
        assertMessage("{\"url\": \"http://a/\", \"headers\": {\"X\": 1}}", "header \"X\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"headers\": {\"X\": [\"1\", 2]}}", "header \"X\" must be a string");
        assertMessage("{\"url\": \"http://a/\", \"header\": {}}", "unknown field \"header\"");
        assertMessage("{\"url\": \"http://a/\"} {}", "text after the JSON object");
        assertMessage("{\"url\": \"http://a/\"} trailing", "not valid JSON");
    }

    private static void assertMessage(String line, String expected) {
        InputLine.Invalid invalid = assertInstanceOf(InputLine.Invalid.class, InputLine.parse(line), line);
        assertTrue(invalid.message().startsWith(expected), invalid.message());
    }
}
