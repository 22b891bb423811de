package dev.shoal.cli.report;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Row lines for tests, in the format shoal fetch writes. */
final class RowLines {
    static final long T0 = 1_700_000_000_000L;

    private RowLines() {
    }

    static String response(String url, int status, long startedAt, double elapsedMs, long bytes) {
        return String.format(Locale.ROOT, "{\"index\":0,\"url\":\"%s\",\"method\":\"GET\",\"status\":%d,\"final_url\":\"%s\","
                + "\"redirects\":0,\"protocol\":\"HTTP/1.1\",\"bytes\":%d,\"attempts\":1,\"started_at\":%d,\"elapsed_ms\":%.3f}",
                url, status, url, bytes, startedAt, elapsedMs);
    }

    static String failure(String url, String kind, long startedAt, double elapsedMs) {
        return String.format(Locale.ROOT, "{\"index\":0,\"url\":\"%s\",\"method\":\"GET\",\"status\":null,\"final_url\":null,"
                + "\"redirects\":0,\"protocol\":null,\"bytes\":0,\"attempts\":1,\"started_at\":%d,\"elapsed_ms\":%.3f,"
                + "\"error\":{\"kind\":\"%s\",\"message\":\"%s happened\"}}", url, startedAt, elapsedMs, kind, kind);
    }

    /** A response row with a timings column (as --timings writes it): the phases in milliseconds. */
    static String timed(String url, long startedAt, double queued, double dns, double connect, double tls,
                        double wait, double download) {
        double total = queued + dns + connect + tls + wait + download;
        String row = response(url, 200, startedAt, total, 10);
        return row.substring(0, row.length() - 1) + String.format(Locale.ROOT, ",\"remote_ip\":\"127.0.0.1\","
                + "\"timings\":{\"queued\":%.3f,\"dns\":%.3f,\"connect\":%.3f,\"tls\":%.3f,\"wait\":%.3f,"
                + "\"download\":%.3f,\"total\":%.3f}}", queued, dns, connect, tls, wait, download, total);
    }

    static InputStream stream(String... lines) {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static RunStats read(String... lines) throws Exception {
        RunStats stats = new RunStats();
        new RowsReader().readInto(stream(lines), stats);
        return stats;
    }

    static Row parse(String line) throws MalformedRowException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return new RowParser().parse(bytes, 0, bytes.length);
    }
}
