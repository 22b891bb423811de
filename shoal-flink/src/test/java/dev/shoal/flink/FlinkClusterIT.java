package dev.shoal.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.testkit.LatencyServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FetchJob on a real Flink cluster: one JobManager and two TaskManagers as separate JVMs (see
 * {@link FlinkCluster}), the job jar built by this module's package phase submitted through the Flink CLI and
 * through the REST API. One TaskManager is killed with SIGKILL once both jobs have completed checkpoints, and a
 * replacement started. Each job then still commits exactly one row per input line, leaves no in-progress file,
 * and no host ever saw more than {@code --per-host} connections at once, although four tasks fetched from it.
 */
class FlinkClusterIT {
    private static final Path JOB_JAR = Path.of("target", "shoal-flink.jar");
    private static final int PARALLELISM = 4;
    private static final int PER_HOST = 3;
    private static final int HOSTS = 3;
    private static final int LINES_PER_HOST = 1500;
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the cluster's logs are copied after the test, to read after a failure (the cluster's folder is deleted). */
    private static final Path KEPT_LOGS = Path.of("target", "flink-cluster-logs");

    @TempDir
    static Path dir;

    private static FlinkCluster cluster;
    private static volatile long killedAt;
    private static final List<Process> taskManagers = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        assertTrue(Files.isRegularFile(JOB_JAR), JOB_JAR + " is built by `mvn package`, before this test");
        cluster = FlinkCluster.start(dir.resolve("flink"), 4, Map.of());
        taskManagers.add(cluster.startTaskManager());
        taskManagers.add(cluster.startTaskManager());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void jobsSubmittedByCliAndRestSurviveAKilledTaskManagerWithOneRowPerLineAndPerHostLimitsJobWide() throws Exception {
        List<LatencyServer> cliHosts = startHosts();
        List<LatencyServer> restHosts = startHosts();
        try {
            Path cliOut = dir.resolve("cli-out");
            Path restOut = dir.resolve("rest-out");
            StringBuilder cliOutput = new StringBuilder();
            List<String> cliArgs = new ArrayList<>(List.of("run", "--detached", "--class", FetchJob.class.getName(),
                    JOB_JAR.toAbsolutePath().toString()));
            cliArgs.addAll(jobArgs(urlFile("cli-urls.txt", cliHosts), cliOut));
            int exit = cluster.cli(cliOutput, cliArgs.toArray(String[]::new));
            assertEquals(0, exit, cliOutput + "\n" + cluster.logTails());
            Matcher id = JOB_ID.matcher(cliOutput);
            assertTrue(id.find(), cliOutput.toString());
            String cliJob = id.group(1);

            String jar = cluster.uploadJar(JOB_JAR);
            HttpResponse<String> run = cluster.runJar(jar, FetchJob.class.getName(), PARALLELISM,
                    jobArgs(urlFile("rest-urls.txt", restHosts), restOut));
            assertEquals(200, run.statusCode(), run.body());
            String restJob = JSON.readTree(run.body()).get("jobid").asText();

            cluster.await("completed checkpoints of both jobs", Duration.ofSeconds(60),
                    () -> completedCheckpoints(cliJob) >= 2 && completedCheckpoints(restJob) >= 2);
            assertEquals("RUNNING", state(cliJob), "the job ended before the TaskManager was killed");
            killedAt = System.currentTimeMillis();
            FlinkCluster.kill(taskManagers.remove(0));
            taskManagers.add(cluster.startTaskManager());

            cluster.await("both jobs to finish", Duration.ofSeconds(90),
                    () -> isDone(cliJob) && isDone(restJob));
            for (String job : List.of(cliJob, restJob)) {
                assertEquals("FINISHED", state(job), job + "\n" + cluster.logTails());
                System.out.println("job " + job + ": " + replayWindow(job));
                assertTrue(restoredFromACheckpoint(job), "job " + job + " was not restored from a checkpoint: "
                        + cluster.get("/jobs/" + job + "/exceptions") + "\n" + cluster.get("/jobs/" + job + "/checkpoints"));
            }
            assertOneRowPerLine(cliOut);
            assertOneRowPerLine(restOut);
            assertPerHostHeld(cliHosts);
            assertPerHostHeld(restHosts);
        } finally {
            cluster.keepLogs(KEPT_LOGS);
            cliHosts.forEach(LatencyServer::close);
            restHosts.forEach(LatencyServer::close);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRestSubmissionWithBadArgumentsFailsAndTheJobManagerStaysUp() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("rows-old.jsonl"), "{}\n");
        Path urls = Files.writeString(dir.resolve("one.txt"), "http://127.0.0.1:1/\n");
        String jar = cluster.uploadJar(JOB_JAR);

        HttpResponse<String> fullOutput = cluster.runJar(jar, FetchJob.class.getName(), 1,
                List.of("--input", urls.toString(), "--output", full.toString()));
        HttpResponse<String> unknownFlag = cluster.runJar(jar, FetchJob.class.getName(), 1,
                List.of("--input", urls.toString(), "--output", dir.resolve("o").toString(), "--no-such-flag"));

        assertNotEquals(200, fullOutput.statusCode());
        assertTrue(fullOutput.body().contains("output must be an empty or absent directory"), fullOutput.body());
        assertNotEquals(200, unknownFlag.statusCode());
        assertTrue(unknownFlag.body().contains("--no-such-flag"), unknownFlag.body());
        Thread.sleep(1000); // an exiting JVM takes a moment to go
        assertTrue(cluster.jobManagerAlive(), "the JobManager exited\n" + cluster.logTails());
        assertEquals(200, cluster.status("/overview"));
    }

    private static List<String> jobArgs(Path urls, Path out) {
        return List.of("--input", urls.toString(), "--output", out.toString(), "--parallelism", "" + PARALLELISM,
                "--concurrency", "16", "--per-host", "" + PER_HOST, "--max-time", "30", "--checkpoint-interval", "1");
    }

    private static List<LatencyServer> startHosts() {
        List<LatencyServer> hosts = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            hosts.add(LatencyServer.start(1));
        }
        return hosts;
    }

    /** Lines that take turns over the hosts, each answering after 20 ms. */
    private static Path urlFile(String name, List<LatencyServer> hosts) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES_PER_HOST * hosts.size(); i++) {
            lines.add(hosts.get(i % hosts.size()).url("/delay/20?line=" + i));
        }
        return Files.write(dir.resolve(name), lines);
    }

    private static void assertOneRowPerLine(Path out) throws IOException {
        assertEquals(List.of(), OutputRows.uncommitted(out), "in-progress or pending files left");
        List<JsonNode> rows = OutputRows.read(out);
        Map<Long, Long> counts = OutputRows.countByIndex(rows);
        long lines = (long) LINES_PER_HOST * HOSTS;
        assertEquals(LongStream.range(0, lines).boxed().toList(), List.copyOf(counts.keySet()), "indexes in " + out);
        assertTrue(counts.values().stream().allMatch(c -> c == 1), "an index has more than one row in " + out);
        assertTrue(rows.stream().allMatch(r -> OutputRows.what(r).equals("status 200")), "a request failed in " + out);
    }

    private static void assertPerHostHeld(List<LatencyServer> hosts) throws InterruptedException {
        for (LatencyServer host : hosts) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (host.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (host.openConnections() > 0) {
                printSockets(host.port());
                taskManagers.forEach(FlinkClusterIT::printThreads);
            }
            assertEquals(0, host.openConnections(), "host " + host.port() + " still has connections open after both "
                    + "jobs finished (their owners and the TaskManagers' threads are printed above): "
                    + host.connectionsOpen());
            assertTrue(host.requests() >= LINES_PER_HOST, "host " + host.port() + " served " + host.requests());
            assertTrue(host.maxOpenConnections() <= PER_HOST,
                    "host " + host.port() + " saw " + host.maxOpenConnections() + " connections at once: "
                            + host.connectionsAtMax() + "; the TaskManager was killed at " + killedAt);
        }
    }

    /** Both ends of every TCP connection to {@code port}, with their states and owning processes (ss). */
    private static void printSockets(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-tanpoi", "( sport = :" + port + " or dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String sockets = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ss.waitFor(30, TimeUnit.SECONDS);
            System.out.println("--- sockets of port " + port + "\n" + sockets);
        } catch (IOException | InterruptedException e) {
            System.out.println("no ss: " + e);
        }
    }

    /** jstack of a TaskManager, into the test's output. */
    private static void printThreads(Process taskManager) {
        Path javaBin = Path.of(ProcessHandle.current().info().command().orElse("java"));
        try {
            Process jstack = new ProcessBuilder(javaBin.resolveSibling("jstack").toString(), "" + taskManager.pid())
                    .redirectErrorStream(true).start();
            String threads = new String(jstack.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            System.out.println("--- threads of TaskManager " + taskManager.pid() + "\n" + threads);
        } catch (IOException | InterruptedException e) {
            System.out.println("no jstack of " + taskManager.pid() + ": " + e);
        }
    }

    private static int completedCheckpoints(String job) {
        return cluster.get("/jobs/" + job + "/checkpoints").get("counts").get("completed").asInt();
    }

    private static String state(String job) {
        return cluster.get("/jobs/" + job).get("state").asText();
    }

    private static boolean isDone(String job) {
        return List.of("FINISHED", "FAILED", "CANCELED").contains(state(job));
    }

    private static boolean restoredFromACheckpoint(String job) {
        JsonNode restored = cluster.get("/jobs/" + job + "/checkpoints").get("latest").get("restored");
        return restored != null && !restored.isNull();
    }

    /**
     * What the restore cost, from the latest attempt of each fetch task: the replay (a restored task is
     * INITIALIZING while it fetches the requests an unaligned checkpoint stored, RUNNING after), and how long
     * after the slowest task was deployed the first checkpoint completed (none can before every task runs).
     */
    private static String replayWindow(String job) {
        String fetch = null;
        for (JsonNode vertex : cluster.get("/jobs/" + job).get("vertices")) {
            if (vertex.get("name").asText().startsWith("shoal fetch")) {
                fetch = vertex.get("id").asText();
            }
        }
        long deployed = 0;
        long replay = 0;
        for (JsonNode subtask : cluster.get("/jobs/" + job + "/vertices/" + fetch + "/subtasktimes").get("subtasks")) {
            JsonNode t = subtask.get("timestamps");
            deployed = Math.max(deployed, t.get("DEPLOYING").asLong());
            replay = Math.max(replay, t.get("RUNNING").asLong() - t.get("INITIALIZING").asLong());
        }
        long firstCheckpoint = Long.MAX_VALUE;
        for (JsonNode c : cluster.get("/jobs/" + job + "/checkpoints").get("history")) {
            if (c.get("status").asText().equals("COMPLETED") && c.get("trigger_timestamp").asLong() >= deployed) {
                firstCheckpoint = Math.min(firstCheckpoint, c.get("latest_ack_timestamp").asLong());
            }
        }
        return "replay of the slowest restored fetch task " + replay + " ms; first checkpoint completed "
                + (firstCheckpoint == Long.MAX_VALUE ? "never" : (firstCheckpoint - deployed) + " ms")
                + " after the tasks were deployed";
    }
}
