package dev.shoal.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A standalone Flink session cluster of separate JVMs on 127.0.0.1, as {@code bin/start-cluster.sh} would start it,
 * but from the Flink jars Maven resolved for this test (Maven Central has no {@code flink-dist}): one
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), with a
 * {@code config.yaml} in a folder of their own, the Flink CLI ({@code CliFrontend}) as a process too, and the
 * REST API the web UI uses. Every process is killed on {@link #close}, and every wait is bounded.
 */
final class FlinkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** What Flink's own config.yaml passes to its JVMs on Java 17 (Kryo and the RPC system reflect into these). */
    private static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final Path confDir;
    private final String classpath;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private Process jobManager;

    /** Kills the processes if the test JVM exits without {@link #close} (a surefire timeout, Ctrl-C). */
    private final Thread reaper = new Thread(this::killAll, "flink-cluster-reaper");

    private FlinkCluster(Path dir, int restPort) {
        this.dir = dir;
        this.confDir = dir.resolve("conf");
        this.restPort = restPort;
        this.classpath = flinkClasspath();
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts the JobManager and waits until its REST API answers; {@code settings} are added to the
     * {@code config.yaml} (flat keys).
     */
    public static FlinkCluster start(Path dir, int slotsPerTaskManager, Map<String, String> settings) throws IOException {
        FlinkCluster cluster = new FlinkCluster(dir, freePort());
        try {
            cluster.writeConfig(slotsPerTaskManager, settings);
            cluster.jobManager = cluster.launch("jobmanager", "-Xmx384m",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir", cluster.confDir.toString());
            cluster.await("the JobManager's REST API", START_TIMEOUT,
                    () -> cluster.alive(cluster.jobManager) && cluster.status("/overview") == 200);
            return cluster;
        } catch (RuntimeException | IOException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void writeConfig(int slots, Map<String, String> settings) throws IOException {
        Files.createDirectories(confDir);
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", "" + freePort());
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.memory.process.size", "800m");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", "" + restPort);
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", "" + slots);
        // small and explicit: a TaskManager started without Flink's scripts must be told its memory
        conf.put("taskmanager.cpu.cores", "2");
        conf.put("taskmanager.memory.task.heap.size", "160m");
        conf.put("taskmanager.memory.task.off-heap.size", "0m");
        conf.put("taskmanager.memory.managed.size", "0m");
        conf.put("taskmanager.memory.framework.heap.size", "64m");
        conf.put("taskmanager.memory.framework.off-heap.size", "64m");
        conf.put("taskmanager.memory.network.min", "32m");
        conf.put("taskmanager.memory.network.max", "32m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "128m");
        conf.put("taskmanager.memory.jvm-overhead.min", "64m");
        conf.put("taskmanager.memory.jvm-overhead.max", "64m");
        // each job's tasks spread over all TaskManagers, so that killing one hits every running job
        conf.put("taskmanager.load-balance.mode", "SLOTS");
        // buffers of about a second of records: less to store with an unaligned checkpoint and replay after a restore
        conf.put("taskmanager.network.memory.buffer-debloat.enabled", "true");
        // a SIGKILLed TaskManager is noticed within seconds rather than the default 50
        conf.put("heartbeat.interval", "1000");
        conf.put("heartbeat.timeout", "6000");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "20");
        conf.put("restart-strategy.fixed-delay.delay", "1 s");
        conf.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.put("io.tmp.dirs", tmp.toString());
        conf.put("web.tmpdir", tmp.toString());
        conf.put("web.upload.dir", tmp.toString());
        conf.put("web.checkpoints.history", "100");
        conf.putAll(settings);
        String yaml = conf.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(confDir.resolve("config.yaml"), yaml);
    }

    /** Starts one more TaskManager and waits until the JobManager counts it. */
    public Process startTaskManager() throws IOException {
        Set<String> before = taskManagerIds();
        Process tm = launch("taskmanager-" + logs.size(), "-Xmx320m", "-XX:MaxDirectMemorySize=256m",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", "--configDir", confDir.toString());
        await("a TaskManager to register", START_TIMEOUT,
                () -> alive(tm) && !before.containsAll(taskManagerIds()));
        return tm;
    }

    /** The TaskManagers registered now (a killed one stays until its heartbeat times out). */
    private Set<String> taskManagerIds() {
        Set<String> ids = new HashSet<>();
        get("/taskmanagers").get("taskmanagers").forEach(tm -> ids.add(tm.get("id").asText()));
        return ids;
    }

    /** SIGKILL, as a machine or the OOM killer ends a process: no shutdown hook runs. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** True while {@code process} runs; an error (that ends a wait at once) when it has exited. */
    private boolean alive(Process process) {
        if (!process.isAlive()) {
            throw new AssertionError("a Flink process exited with " + process.exitValue() + "\n" + logTails());
        }
        return true;
    }

    public boolean jobManagerAlive() {
        return jobManager.isAlive();
    }

    /** Runs the Flink CLI ({@code flink ARGS}) against this cluster; its exit code, its output in {@code output}. */
    public int cli(StringBuilder output, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("cli-" + logs.size() + ".log");
        List<String> command = javaCommand("-Xmx256m", "org.apache.flink.client.cli.CliFrontend");
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        Process cli = pb.start();
        processes.add(cli);
        logs.add(log);
        if (!cli.waitFor(120, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new IllegalStateException("flink " + String.join(" ", args) + " ran for 120 s: " + tail(log));
        }
        output.append(Files.readString(log));
        return cli.exitValue();
    }

    /** GET on the REST API, as JSON; fails on a status other than 200. */
    public JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    /** The status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Uploads a job jar as the web UI does ({@code POST /jars/upload}); its id for {@link #runJar}. */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "shoal-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("jar upload: " + response.statusCode() + " " + response.body());
        }
        String filename = parse(response.body()).get("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's main inside the JobManager ({@code POST /jars/:id/run}): the raw response. */
    public HttpResponse<String> runJar(String jarId, String entryClass, int parallelism, List<String> args) {
        Map<String, Object> body = Map.of("entryClass", entryClass, "parallelism", parallelism, "programArgsList", args);
        try {
            return send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits, at most {@code timeout}, until {@code condition} holds; fails with the logs' tails otherwise. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException | java.io.UncheckedIOException | NullPointerException notYet) {
                // the REST API is not up yet, or the job not known yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "\n" + logTails());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    /** The last lines of every process's log, for a failure message. */
    public String logTails() {
        return logs.stream().map(l -> "--- " + l.getFileName() + "\n" + tail(l)).collect(Collectors.joining("\n"));
    }

    /** Copies every process's log into {@code target}, to read after a failed run (the cluster's folder is deleted). */
    public void keepLogs(Path target) {
        try {
            Files.createDirectories(target);
            for (Path log : logs) {
                if (Files.exists(log)) {
                    Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.out.println("the logs were not kept: " + e);
        }
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void killAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process launch(String name, String... javaArgsAndMain) throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> command = javaCommand(javaArgsAndMain);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        logs.add(log);
        return p;
    }

    private List<String> javaCommand(String... javaArgsAndMain) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_17_OPENS);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        // times to the millisecond, to set beside the test servers' accept and close times
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.add("-cp");
        command.add(classpath);
        command.addAll(Arrays.asList(javaArgsAndMain));
        return command;
    }

    /**
     * Flink's jars and their dependencies from this test's class path, without Shoal's own classes and the
     * libraries the job jar brings (Netty, picocli): the cluster must load those from the submitted jar.
     */
    private static String flinkClasspath() {
        String projectRoot = Path.of("").toAbsolutePath().getParent().toString();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.startsWith(projectRoot))
                .filter(e -> !e.contains("/dev/shoal/") && !e.contains("/io/netty/") && !e.contains("/info/picocli/")
                        && !e.contains("/org/junit/") && !e.contains("surefire"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
