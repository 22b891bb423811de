package dev.shoal.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Writes the rows of a made-up but plausible run, the same for the same seed: 64 requests in flight over
 * a dozen hosts with their own latencies and sizes, mostly 200s, some 3xx/4xx/5xx, a few errors of
 * several kinds, and an incident from 12 s to 17 s in which one host slows down and answers 503. Rows
 * come in completion order, as {@code shoal fetch} writes them.
 */
final class SampleRun {
    static final long START_MS = 1_795_600_800_000L; // 2026-11-25T10:00:00Z
    private static final int IN_FLIGHT = 64;
    private static final double INCIDENT_FROM_MS = 12_000;
    private static final double INCIDENT_TO_MS = 17_000;

    private final Random random;

    private SampleRun(long seed) {
        this.random = new Random(seed);
    }

    static void write(Path file, int requests, long seed) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, requests, seed);
        }
    }

    static void write(OutputStream out, int requests, long seed) throws IOException {
        List<Sample> rows = new SampleRun(seed).simulate(requests);
        rows.sort(Comparator.comparingDouble(Sample::endMs));
        try (JsonGenerator json = new JsonFactory().setRootValueSeparator(null).createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (Sample row : rows) {
                row.write(json);
                json.writeRaw('\n');
            }
        }
    }

    private List<Sample> simulate(int requests) {
        PriorityQueue<double[]> freeAt = new PriorityQueue<>(Comparator.comparingDouble(w -> w[0]));
        for (int i = 0; i < IN_FLIGHT; i++) {
            freeAt.add(new double[] {random.nextDouble() * 20});
        }
        List<Sample> rows = new ArrayList<>(requests);
        for (int index = 0; index < requests; index++) {
            double[] worker = freeAt.poll();
            double start = worker[0] + random.nextDouble() * 0.2;
            Sample row = request(index, start);
            rows.add(row);
            worker[0] = row.endMs();
            freeAt.add(worker);
        }
        return rows;
    }

    private Sample request(int index, double startMs) {
        boolean incident = startMs >= INCIDENT_FROM_MS && startMs < INCIDENT_TO_MS;
        double pick = random.nextDouble();
        String path = "/item/" + random.nextInt(100_000);
        if (pick < 0.35) {
            return response(index, startMs, "https://api.example.com/v2" + path, "HTTP/1.1",
                    latency(45, 0.5), status(930, 200, 20, 201, 30, 304, 15, 404, 5, 429), size(4_000));
        }
        if (pick < 0.60) {
            return response(index, startMs, "https://cdn.example.net/assets" + path + ".jpg", "HTTP/2",
                    latency(14, 0.45), status(985, 200, 10, 404, 5, 206), size(60_000));
        }
        if (pick < 0.74) {
            boolean redirected = random.nextDouble() < 0.08;
            Sample row = response(index, startMs, "https://shop.example.org/p" + path, "HTTP/1.1",
                    latency(110, 0.55) * (redirected ? 1.6 : 1), status(985, 200, 15, 500), size(45_000));
            return redirected ? row.redirected(1) : row;
        }
        if (pick < 0.83) {
            double ms = latency(240, 0.6) * (incident ? 2.5 : 1);
            if (ms > 2_000 || random.nextDouble() < 0.004) {
                return failure(index, startMs, "https://search.example.io/q?term=" + random.nextInt(5_000), 2_000 + random.nextDouble() * 3,
                        "read_timeout", "no bytes for 2000 ms");
            }
            return response(index, startMs, "https://search.example.io/q?term=" + random.nextInt(5_000), "HTTP/1.1",
                    ms, status(990, 200, 10, 400), size(12_000));
        }
        if (pick < 0.89) {
            String url = "http://legacy.example.com:8080/api" + path;
            if (random.nextDouble() < (incident ? 0.10 : 0.02)) {
                return failure(index, startMs, url, latency(300, 0.7), "connection_closed",
                        "connection reset by peer after 1 of 2 attempts").retried(2);
            }
            Sample row = response(index, startMs, url, "HTTP/1.1", latency(380, 0.6) * (incident ? 3 : 1),
                    incident ? status(500, 200, 500, 503) : status(900, 200, 60, 503, 40, 500), size(8_000));
            return row.status() == 503 && random.nextDouble() < 0.5 ? row.retried(2) : row;
        }
        if (pick < 0.985) {
            String host = "img" + (1 + random.nextInt(8)) + ".example.net";
            return response(index, startMs, "https://" + host + path + ".png", "HTTP/2",
                    latency(28, 0.5), status(990, 200, 10, 404), size(25_000));
        }
        if (pick < 0.991) {
            return failure(index, startMs, "https://api.exampel.com/v2" + path, 3 + random.nextDouble() * 15,
                    "dns", "api.exampel.com: Name or service not known");
        }
        if (pick < 0.996) {
            return failure(index, startMs, "http://10.20.0.7:9000/health", 1_000 + random.nextDouble(),
                    "connect_timeout", "connect to 10.20.0.7:9000 did not finish within 1000 ms");
        }
        if (pick < 0.999) {
            return failure(index, startMs, "http://127.0.0.1:9/metrics", 0.2 + random.nextDouble() * 0.4,
                    "connect_refused", "connection refused: 127.0.0.1:9");
        }
        return failure(index, startMs, "htp:/example.com/" + index, 0.01, "invalid_url", "unsupported or missing scheme");
    }

    private double latency(double medianMs, double sigma) {
        return medianMs * Math.exp(sigma * random.nextGaussian());
    }

    /** Picks a status from pairs of (per mille, status); the last status takes what is left. */
    private int status(int... perMilleAndStatus) {
        int pick = random.nextInt(1000);
        int cumulative = 0;
        for (int i = 0; i < perMilleAndStatus.length; i += 2) {
            cumulative += perMilleAndStatus[i];
            if (pick < cumulative) {
                return perMilleAndStatus[i + 1];
            }
        }
        return perMilleAndStatus[perMilleAndStatus.length - 1];
    }

    private long size(int typicalBytes) {
        return Math.max(0, Math.round(typicalBytes * Math.exp(0.6 * random.nextGaussian())));
    }

    private Sample response(int index, double startMs, String url, String protocol, double elapsedMs, int status, long bytes) {
        return new Sample(index, url, status, protocol, status == 304 || status >= 400 ? bytes / 20 : bytes,
                1, 0, startMs, elapsedMs, null, null);
    }

    private Sample failure(int index, double startMs, String url, double elapsedMs, String kind, String message) {
        return new Sample(index, url, null, null, 0, 1, 0, startMs, elapsedMs, kind, message);
    }

    private record Sample(int index, String url, Integer status, String protocol, long bytes, int attempts,
                          int redirects, double startMs, double elapsedMs, String errorKind, String errorMessage) {

        double endMs() {
            return startMs + elapsedMs;
        }

        Sample retried(int times) {
            return new Sample(index, url, status, protocol, bytes, times, redirects, startMs, elapsedMs * 1.8 + 100,
                    errorKind, errorMessage);
        }

        Sample redirected(int times) {
            return new Sample(index, url, status, protocol, bytes, attempts, times, startMs, elapsedMs, errorKind, errorMessage);
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeNumberField("index", index);
            json.writeStringField("url", url);
            json.writeStringField("method", "GET");
            if (status == null) {
                json.writeNullField("status");
                json.writeNullField("final_url");
            } else {
                json.writeNumberField("status", status);
                json.writeStringField("final_url", redirects > 0 ? url.replace("/p/", "/products/") : url);
            }
            json.writeNumberField("redirects", redirects);
            if (protocol == null) {
                json.writeNullField("protocol");
            } else {
                json.writeStringField("protocol", protocol);
            }
            json.writeNumberField("bytes", bytes);
            json.writeNumberField("attempts", attempts);
            json.writeNumberField("started_at", START_MS + Math.round(startMs));
            json.writeNumberField("elapsed_ms", Math.round(elapsedMs * 1000) / 1000.0);
            if (errorKind != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("kind", errorKind);
                json.writeStringField("message", errorMessage);
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }
}
