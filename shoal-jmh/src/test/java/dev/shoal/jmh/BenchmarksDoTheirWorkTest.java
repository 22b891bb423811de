package dev.shoal.jmh;

import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.cli.fetch.InputLineBenchmark;
import dev.shoal.internal.HopBenchmark;
import dev.shoal.internal.body.ContentDecoderBenchmark;
import dev.shoal.internal.http1.RequestEncodeBenchmark;
import dev.shoal.internal.http1.ResponseDecodeBenchmark;
import dev.shoal.internal.pool.OneRequestBenchmark;
import dev.shoal.internal.url.UrlParserBenchmark;
import dev.shoal.rows.RowWriterBenchmark;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each benchmark method run once, its result checked: a benchmark that times an error path, or that the
 * engine's code has drifted away from (a renamed private method, a pool that no longer takes the
 * connection), fails here in {@code mvn verify} instead of printing a meaningless number.
 */
class BenchmarksDoTheirWorkTest {

    @Test
    void hopParsesTheUrlIntoOriginAndAuthority() {
        HopBenchmark b = new HopBenchmark();
        b.url = Samples.URL;
        b.setUp();
        assertEquals(40321, b.hopOf().origin().port());
        assertEquals("/hello.txt", b.hopOf().pathAndQuery());
        assertEquals("127.0.0.1:40321", b.originAuthority());
    }

    @Test
    void urlParsingGivesTheSameHrefByBothPaths() {
        UrlParserBenchmark b = new UrlParserBenchmark();
        b.url = "http://Example.com/a/./b/../c d|{x}?q=é#top";
        assertEquals("http://example.com/a/c%20d|%7Bx%7D?q=%C3%A9#top", b.parse().href());
        assertEquals(b.parse().href(), b.stateMachine().href());
        b.url = Samples.URL;
        assertEquals(Samples.URL, b.parse().href());
        assertEquals(Samples.URL, b.stateMachine().href());
        assertEquals(java.net.URI.class, b.javaNetUri().getClass());
    }

    @Test
    void requestEncodingBuildsAGetAndEncodesTheSameBytesEachTime() {
        RequestEncodeBenchmark b = new RequestEncodeBenchmark();
        b.setUp();
        try {
            var request = b.buildRequest();
            assertEquals("GET", request.method().name());
            assertEquals("/hello.txt", request.uri());
            assertEquals("127.0.0.1:40321", request.headers().get("Host"));
            request.release();
            int first = b.buildAndEncode();
            assertTrue(first > "GET /hello.txt HTTP/1.1\r\n\r\n".length(), "encoded " + first + " bytes");
            assertEquals(first, b.buildAndEncode());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void responseHandlingDecodesNginxsAnswerIntoA200WithItsSixBytes() {
        ResponseDecodeBenchmark b = new ResponseDecodeBenchmark();
        b.setUp();
        try {
            assertEquals(200, b.decode());
            Response r = b.decodeAndHandle();
            assertEquals(200, r.status());
            assertEquals(6, r.bytes());
            assertEquals(8, b.copyHeaders().size());
            assertEquals("nginx/1.22.1", b.copyHeaders().get("Server"));
        } finally {
            b.tearDown();
        }
    }

    @Test
    void gunzipDecodesTheWholeBody() {
        for (int size : new int[] {6, 16384}) {
            ContentDecoderBenchmark b = new ContentDecoderBenchmark();
            b.size = size;
            b.setUp();
            assertEquals(size, b.gunzip());
            assertEquals(size, b.gunzip());
        }
    }

    @Test
    void rowWritingWritesBothKindsOfRow() throws Exception {
        RowWriterBenchmark b = new RowWriterBenchmark();
        b.setUp();
        b.writeSuccessRow();
        b.writeFailureRow();
        b.rowOfSuccessAndWrite();
        b.tearDown();
    }

    @Test
    void inputParsingTurnsBothLinesIntoTheirRequests() {
        InputLineBenchmark b = new InputLineBenchmark();
        b.setUp();
        Request plain = b.urlLineToRequest();
        assertEquals(Samples.URL, plain.url());
        assertEquals("GET", plain.method());
        Request json = b.jsonLineToRequest();
        assertEquals(Samples.URL, json.url());
        assertEquals("POST", json.method());
        assertEquals("7f3a", json.headers().get("X-Request-Id"));
        assertEquals(2, json.headers().all("Accept").size());
    }

    @Test
    void oneRequestGoesThroughThePipelineOnTheSameKeptAliveConnection() throws Exception {
        OneRequestBenchmark b = new OneRequestBenchmark();
        b.setUp();
        try {
            for (int i = 0; i < 3; i++) {
                Response sent = b.send();
                assertEquals(200, sent.status());
                assertEquals(6, sent.bytes());
                assertEquals(1, sent.attempts());
                Response exchanged = b.exchange();
                assertEquals(200, exchanged.status());
                b.lineToRow();
            }
        } finally {
            b.tearDown();
        }
    }
}
