package dev.shoal.rows;

import dev.shoal.Headers;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.internal.base.ResponseBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowColumnsTest {
    private static final RowColumns.Options ALL = new RowColumns.Options(true, true, true, true, List.of("Server"));

    @Test
    void theStandardColumnsEndWithWhatTheRunAsksForThenTheError() {
        assertEquals(List.of("index", "url", "method", "status", "final_url", "redirects", "protocol", "bytes",
                "attempts", "started_at", "elapsed_ms", "remote_ip", "polite_wait_ms", "etag", "last_modified", "unchanged", "sha256",
                "body_path", "timings.queued", "timings.dns", "timings.connect", "timings.tls", "timings.wait",
                "timings.download", "timings.total", "headers.server", "error.kind", "error.message"),
                RowColumns.standard(ALL).names());
        assertEquals(List.of("server"), RowColumns.standard(ALL).headerNames());
    }

    @Test
    void fieldsNameColumnsGroupsAndHeadersInTheirOrder() {
        RowColumns c = RowColumns.select(List.of("headers.Content-Type", "url", "error", "timings.dns"),
                RowColumns.Options.none());
        assertEquals(List.of("headers.content-type", "url", "error.kind", "error.message", "timings.dns"), c.names());
        assertEquals(List.of("content-type"), c.headerNames(), "a header named in --fields is kept");
        assertEquals(List.of("headers.server"), RowColumns.select(List.of("headers"), ALL).names());
    }

    @Test
    void fieldsRefuseWhatIsNotAColumnOfTheRun() {
        RowColumns.Options none = RowColumns.Options.none();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("nope"), none))
                .getMessage().startsWith("--fields: no column nope (columns: index, url,"));
        assertEquals("--fields sha256 needs --hash",
                assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("sha256"), none)).getMessage());
        assertEquals("--fields unchanged needs --since FILE",
                assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("unchanged"), none)).getMessage());
        assertEquals("--fields names url twice",
                assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("url", "url"), none)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("headers.a b"), none));
        assertThrows(IllegalArgumentException.class, () -> RowColumns.select(List.of("headers"), none));
    }

    @Test
    void rowsKeepTheValidatorsAlwaysAndTheHeadersAskedForJoinedWhenRepeated() {
        Request request = Request.get("http://h.test/");
        Row row = Row.of(0, new Outcome.Success(request, new ResponseBuilder().request(request).status(200)
                .headers(Headers.of("etag", "\"abc\"", "LAST-MODIFIED", "Tue, 14 Nov 2023 22:13:20 GMT",
                        "Vary", "Accept", "vary", "Origin", "Set-Cookie", "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
                        "Set-Cookie", "b=2"))
                .build()), List.of("vary", "set-cookie", "server"));

        assertEquals("\"abc\"", row.etag());
        assertEquals("Tue, 14 Nov 2023 22:13:20 GMT", row.lastModified());
        assertEquals("Accept, Origin", row.headers().get("Vary"));
        assertEquals("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2", row.headers().get("set-cookie"));
        assertNull(row.headers().get("server"));
        assertNull(Row.of(0, new Outcome.Success(request, new ResponseBuilder().request(request).status(200).build()))
                .headers(), "no headers asked: none kept");
    }
}
