package dev.shoal.flink;

import dev.shoal.testkit.LatencyServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures FetchJob's rows per second on one TaskManager of a real cluster ({@link FlinkCluster}): N requests
 * spread over H local hosts that answer at once, submitted through the Flink CLI, timed by the JobManager
 * (the job's duration, from scheduling to the last commit). Not a test: run it by hand, see the README.
 *
 * <p>Arguments: requests (default 200000), hosts (default 16), parallelism = slots of the one TaskManager
 * (default 2), concurrency per task (default 256), per-host (default 64). The cluster's logs stay in a
 * temporary folder.
 */
public final class ClusterThroughput {
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private ClusterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int hostCount = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int perHost = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        Path dir = Files.createTempDirectory("shoal-flink-throughput");
        List<LatencyServer> hosts = new ArrayList<>();
        try (FlinkCluster cluster = FlinkCluster.start(dir.resolve("flink"), parallelism, Map.of())) {
            for (int i = 0; i < hostCount; i++) {
                hosts.add(LatencyServer.start(1));
            }
            List<String> lines = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                lines.add(hosts.get(i % hostCount).url("/?i=" + i));
            }
            Path urls = Files.write(dir.resolve("urls.txt"), lines);
            cluster.startTaskManager();
            StringBuilder output = new StringBuilder();
            int exit = cluster.cli(output, "run", "--detached", "--class", FetchJob.class.getName(),
                    Path.of("target", "shoal-flink.jar").toAbsolutePath().toString(), "--input", urls.toString(),
                    "--output", dir.resolve("out").toString(), "--parallelism", "" + parallelism,
                    "--concurrency", "" + concurrency, "--per-host", "" + perHost, "--checkpoint-interval", "10");
            Matcher id = JOB_ID.matcher(output);
            if (exit != 0 || !id.find()) {
                throw new IllegalStateException("submission failed: " + output);
            }
            String job = id.group(1);
            cluster.await("the job to finish", Duration.ofMinutes(10),
                    () -> cluster.get("/jobs/" + job).get("state").asText().equals("FINISHED"));
            long millis = cluster.get("/jobs/" + job).get("duration").asLong();
            long rows = OutputRows.read(dir.resolve("out")).size();
            System.out.printf("%d rows from %d hosts in %.1f s on one TaskManager (%d slots, concurrency %d, per-host %d):"
                    + " %.0f rows/s%n", rows, hostCount, millis / 1000.0, parallelism, concurrency, perHost, rows * 1000.0 / millis);
        } finally {
            hosts.forEach(LatencyServer::close);
        }
    }
}
