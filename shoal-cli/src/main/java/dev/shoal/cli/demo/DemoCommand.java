package dev.shoal.cli.demo;

import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Shoal;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.measure.PhaseMeter;
import dev.shoal.cli.measure.PhaseResult;
import dev.shoal.testkit.LatencyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shoal demo}: the classic sync-versus-async comparison, measured here and now. The embedded
 * latency server answers every request after the same delay; the batch is fetched once one request at a
 * time with the JDK's blocking client (as a {@code requests} user would) and once with Shoal.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Compare one-at-a-time fetching with Shoal, measured on the spot.",
        description = {
                "Starts the embedded latency server on 127.0.0.1, fetches the same batch one request at a time "
                        + "with the JDK's blocking HttpClient.send and then with Shoal, and prints the comparison: "
                        + "wall time, requests/s, CPU time, peak memory, speed-up.",
                "",
                "CPU time is the process's CPU time during the phase less the embedded server's threads. Peak "
                        + "memory is the Java heap's peak during the phase (each heap pool's peak, summed, after a "
                        + "GC before the phase). Each client sends one warm-up request first, not timed.",
                ""})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "200",
            description = "Requests in the batch (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "50",
            description = "How long the server waits before answering each request (default: ${DEFAULT-VALUE}).")
    private int latencyMillis;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "100",
            description = "Shoal's requests in flight at once (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Override
    public Integer call() throws Exception {
        if (requests < 1) throw new ParameterException(spec.commandLine(), "--requests must be at least 1");
        if (latencyMillis < 0) throw new ParameterException(spec.commandLine(), "--latency-ms must not be negative");
        if (concurrency < 1) throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        try (LatencyServer server = LatencyServer.start()) {
            String url = server.url("/delay/" + latencyMillis);
            out.printf(Locale.ROOT, "shoal demo: %,d GET requests to %s (each answered after %d ms)%n%n",
                    requests, url, latencyMillis);
            out.flush();
            PhaseMeter meter = new PhaseMeter(LatencyServer.THREAD_NAME_PREFIX);
            PhaseResult sync = synchronous(url, meter);
            PhaseResult async = withShoal(url, meter);
            ComparisonTable.render(sync, async, concurrency).forEach(out::println);
            out.printf(Locale.ROOT, "%nideal: %s one at a time, %s with %d in flight%n",
                    ComparisonTable.seconds(1_000_000L * latencyMillis * requests),
                    ComparisonTable.seconds(1_000_000L * latencyMillis * ((requests + concurrency - 1) / concurrency)),
                    concurrency);
            out.flush();
            return verified(sync, "synchronous") & verified(async, "Shoal") ? ExitStatus.OK : ExitStatus.FATAL;
        }
    }

    private PhaseResult synchronous(String url, PhaseMeter meter) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int succeeded = 0;
        String failure = null;
        meter.start();
        for (int i = 0; i < requests; i++) {
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 200 && response.body().length > 0) {
                    succeeded++;
                } else if (failure == null) {
                    failure = "status " + response.statusCode() + ", " + response.body().length + " bytes";
                }
            } catch (IOException e) {
                if (failure == null) failure = e.toString();
            }
        }
        return meter.stop(requests, succeeded, failure);
    }

    private PhaseResult withShoal(String url, PhaseMeter meter) {
        try (Shoal shoal = Shoal.builder().maxInFlight(concurrency).maxPerHost(concurrency).build()) {
            shoal.send(Request.get(url)).join();
            List<Request> batch = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                batch.add(Request.get(url));
            }
            meter.start();
            List<Outcome> outcomes = shoal.gather(batch);
            int succeeded = 0;
            String failure = null;
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Outcome.Success s && s.response().status() == 200 && s.response().bytes() > 0) {
                    succeeded++;
                } else if (failure == null) {
                    failure = outcome instanceof Outcome.Failure f ? f.error().toString()
                            : "status " + ((Outcome.Success) outcome).response().status();
                }
            }
            return meter.stop(requests, succeeded, failure);
        }
    }

    private boolean verified(PhaseResult phase, String name) {
        if (phase.allSucceeded()) {
            return true;
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "shoal demo: %s: %d of %d requests failed; first: %s%n",
                name, phase.requests() - phase.succeeded(), phase.requests(), phase.firstFailure());
        spec.commandLine().getErr().flush();
        return false;
    }
}
