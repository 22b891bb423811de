package dev.shoal.cli.bench;

import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Shoal;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.FatalError;
import dev.shoal.cli.measure.PhaseMeter;
import dev.shoal.cli.measure.PhaseResult;
import dev.shoal.testkit.LatencyServer;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shoal bench}: how fast this engine is on this machine. By default one process measures Shoal
 * against the embedded latency server (after a warm-up); {@code --peers} runs {@code bench/run}, which
 * puts Shoal beside aiohttp, httpx, requests, the JDK client, AsyncHttpClient and wrk, as whole processes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measure Shoal here: in-process against the embedded server, or beside its peers (--peers).",
        description = {
                "Without --peers: starts the embedded latency server (one I/O thread, so the client keeps a core), "
                        + "warms the client up, then streams the requests through Shoal and prints requests/s, the "
                        + "client's CPU per request (the process's CPU less the server's threads), peak heap and "
                        + "latency percentiles. Every request must succeed.",
                "",
                "With --peers [JOB...]: runs bench/run from the source tree (jobs: throughput, latency, memory, "
                        + "startup; all by default), which needs Debian's packages it installs itself.",
                ""})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", defaultValue = "100000",
            description = "Requests measured (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "64",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "0",
            description = "Server-side delay per request (default: ${DEFAULT-VALUE}).")
    private int latencyMillis;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
            description = "Requests sent first and not measured (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--peers", description = "Run bench/run: Shoal and its peers side by side, as whole processes.")
    private boolean peers;

    /** With --peers, everything else goes to bench/run (jobs, --quick, ...). */
    @Unmatched
    private List<String> peerArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (peers) {
            return runPeers();
        }
        if (!peerArgs.isEmpty()) throw new ParameterException(spec.commandLine(), "unexpected argument: " + peerArgs.get(0));
        if (requests < 1) throw new ParameterException(spec.commandLine(), "--requests must be at least 1");
        if (concurrency < 1) throw new ParameterException(spec.commandLine(), "--concurrency must be at least 1");
        PrintWriter out = spec.commandLine().getOut();
        try (LatencyServer server = LatencyServer.start(1);
             Shoal shoal = Shoal.builder().maxInFlight(concurrency).maxPerHost(concurrency).build()) {
            String url = server.url(latencyMillis > 0 ? "/delay/" + latencyMillis : "/");
            out.printf(Locale.ROOT, "shoal bench: %,d GETs of %s, %d in flight, after %,d warm-up requests%n",
                    requests, url, concurrency, warmup);
            out.flush();
            run(shoal, url, warmup, null);
            Histogram latency = new Histogram(3_600_000_000L, 3);
            PhaseMeter meter = new PhaseMeter(LatencyServer.THREAD_NAME_PREFIX);
            meter.start();
            int[] ok = run(shoal, url, requests, latency);
            PhaseResult r = meter.stop(requests, ok[0], ok[1] == 0 ? null : ok[1] + " failed");
            out.printf(Locale.ROOT, "wall %.2f s   %,.0f req/s   client CPU %.2f s = %.1f us/request   peak heap %.1f MB%n",
                    r.wallNanos() / 1e9, r.requestsPerSecond(), r.cpuNanos() / 1e9, r.cpuNanos() / 1e3 / requests,
                    r.peakHeapBytes() / 1e6);
            out.printf(Locale.ROOT, "latency ms   p50 %.2f   p90 %.2f   p99 %.2f   max %.2f%n",
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, latency.getMaxValue() / 1e3);
            out.flush();
            if (!r.allSucceeded()) {
                spec.commandLine().getErr().printf("shoal bench: %d of %d requests failed%n", requests - ok[0], requests);
                return ExitStatus.FATAL;
            }
            return ExitStatus.OK;
        }
    }

    /** Streams {@code count} GETs; returns {succeeded, failed}. */
    private static int[] run(Shoal shoal, String url, int count, Histogram latency) throws InterruptedException {
        int[] result = new int[2];
        Request request = Request.get(url);
        Iterator<Request> it = new Iterator<>() {
            int sent;

            @Override
            public boolean hasNext() {
                return sent < count;
            }

            @Override
            public Request next() {
                sent++;
                return request;
            }
        };
        shoal.stream(it, outcome -> {
            if (outcome instanceof Outcome.Success s && s.response().status() == 200) {
                result[0]++;
                if (latency != null) latency.recordValue(Math.max(1, s.response().elapsedNanos() / 1_000));
            } else {
                result[1]++;
            }
        });
        return result;
    }

    private int runPeers() throws Exception {
        Path script = benchScript();
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(peerArgs);
        Process p = new ProcessBuilder(command).directory(script.getParent().getParent().toFile()).inheritIO().start();
        return p.waitFor();
    }

    /** bench/run of the source tree this jar was built in (the launcher names it), or of the working directory. */
    private static Path benchScript() {
        String home = System.getProperty("shoal.home");
        for (Path root : home != null ? List.of(Path.of(home)) : List.of(Path.of("").toAbsolutePath())) {
            Path script = root.resolve("bench/run");
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new FatalError("bench/run not found: run --peers from a Shoal source tree (./shoal bench --peers)");
    }
}
