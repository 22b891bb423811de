package dev.shoal.rows;

import dev.shoal.ErrorKind;
import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.base.ResponseBuilder;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowTest {

    /** Each row names its own server's address, also when rows of two servers alternate (the text is reused). */
    @Test
    void eachRowNamesItsOwnRemoteAddress() throws Exception {
        String[] addresses = {"192.0.2.1", "192.0.2.2", "192.0.2.2", "192.0.2.1", "2001:db8::1", "192.0.2.1"};
        for (String a : addresses) {
            Request request = Request.get("http://a.test/");
            Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://a.test/")
                    .remoteAddress(new InetSocketAddress(InetAddress.getByName(a), 80)).build();
            assertEquals(InetAddress.getByName(a).getHostAddress(),
                    Row.of(0, new Outcome.Success(request, response)).remoteIp(), a);
        }
    }

    @Test
    void responseOfAnyStatusIsASuccessRowWithItsColumns() {
        Request request = Request.builder("http://a.test/x").method("POST").body("hi").build();
        Response response = new ResponseBuilder().request(request).status(500).finalUrl("http://a.test/y")
                .redirects(2).protocol("h2").attempts(3).startedAtMillis(1_700_000_000_123L).elapsedNanos(42)
                .bytes(7).sha256("ab12").bodyPath(Path.of("bodies", "5")).build();

        Row row = Row.of(5, new Outcome.Success(request, response));

        assertEquals(new Row(5, "http://a.test/x", "POST", 500, "http://a.test/y", 2, "h2", 7L, 3,
                1_700_000_000_123L, 42, "ab12", Path.of("bodies", "5").toString(), null, null,
                null, new RowTimings(0, 0, 0, 0, 0, 0, 0)), row);
        assertTrue(row.isSuccess());
    }

    @Test
    void failureRowHasNoStatusOrBytesAndKeepsWhatTheRequestDid() {
        ShoalException error = Internal.withCallStats(Internal.shoalException(ErrorKind.CONNECTION_CLOSED, "reset by peer"),
                2, 1, 1_700_000_000_000L, 3_000_000);

        Row row = Row.of(8, new Outcome.Failure(Request.get("http://a.test/"), error));

        assertEquals(new Row(8, "http://a.test/", "GET", null, null, 1, null, null, 2, 1_700_000_000_000L,
                3_000_000, null, null, ErrorKind.CONNECTION_CLOSED, "reset by peer", null, new RowTimings(0, 0, 0, 0, 0, 0, 0)), row);
        assertFalse(row.isSuccess());
    }

    @Test
    void lineThatNeverBecameARequestNeverStarted() {
        Row row = Row.failed(9, "{oops", null, ErrorKind.INVALID_REQUEST, "not JSON");

        assertNull(row.status());
        assertNull(row.bytes());
        assertEquals(0, row.attempts());
        assertEquals(0, row.startedAtMillis());
        assertEquals(ErrorKind.INVALID_REQUEST, row.errorKind());
        assertEquals("not JSON", row.errorMessage());
    }

    @Test
    void rowsNeverHoldTheCredentialsOfAUrl() {
        Request request = Request.get("http://user:pw@h.test/a");
        Response response = new ResponseBuilder().request(request).status(200).finalUrl("http://user:pw@h.test/b").build();
        Row ok = Row.of(0, new Outcome.Success(request, response));
        assertEquals("http://h.test/a", ok.url());
        assertEquals("http://h.test/b", ok.finalUrl());
        Row failed = Row.failed(1, "http://user:pw@bad host/", "GET", ErrorKind.INVALID_URL, "invalid URL");
        assertEquals("http://bad host/", failed.url());
        assertFalse(RowWriter.toJson(failed, false, false).contains("pw"));
    }
}
