package dev.shoal.flink;

import dev.shoal.options.ClientOptions;
import dev.shoal.rows.Row;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The example job: fetches every request of a URL file (the input of {@code shoal fetch}) on Flink and
 * writes one JSON row per request (the rows of {@code shoal fetch}) into an output directory. Runs in a local
 * mini cluster when started with {@code java} through {@link StandaloneFetchJob}, or on a cluster with
 * {@code flink run -c dev.shoal.flink.FetchJob}.
 * Requests are partitioned by origin ({@link AsyncFetch#partitionByOrigin}), so the per-host limits hold for
 * the whole job; the in-flight bound and timeouts are per parallel task, see {@link ShoalFlinkConfig}.
 */
@Command(name = "shoal-flink-fetch", sortOptions = false,
        description = {"Fetches every request of a URL file on Flink and writes one JSON row per request (the rows "
                + "of shoal fetch) to part files rows-*.jsonl in the output directory. Rows are committed at each "
                + "checkpoint and visible as soon as it completes: after a failure and restart, every request "
                + "still has exactly one row there.",
                "",
                "Requests are partitioned by origin, so one parallel task owns each host: --per-host and --rate "
                        + "hold for the whole job. --concurrency holds per task: the job's total is it times the "
                        + "parallelism. The client's options are those of shoal fetch, with the same defaults.",
                ""})
public final class FetchJob implements Callable<Integer> {
    private static final Pattern WITH_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");
    /** How long a checkpoint barrier may wait aligned behind buffered requests before it overtakes them. */
    static final Duration ALIGNED_CHECKPOINT_TIMEOUT = Duration.ofSeconds(2);
    private static final String PART_PREFIX = "rows";

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "URL file: one URL or JSON request per line; blank and # lines skipped (a path or a Flink file system URI).")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Output directory for the rows; must be empty or absent.")
    String output;

    @Option(names = {"-p", "--parallelism"}, paramLabel = "N",
            description = "Parallel fetch tasks (default: the environment's; locally the number of cores).")
    Integer parallelism;

    @Mixin
    ClientOptions client = new ClientOptions();

    @Option(names = "--hash", description = "Add the SHA-256 of each body to its row.")
    boolean hash;

    @Option(names = "--checkpoint-interval", defaultValue = "10", paramLabel = "SECONDS",
            description = "How often rows are committed to the output (default: ${DEFAULT-VALUE}).")
    double checkpointInterval;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Why the last run of this command failed: its usage error's message, or the exception of its execution. */
    private String usageError;
    private Exception failure;

    /**
     * The entry point of {@code flink run} and of the REST API's jar run, where this method runs inside the Flink
     * client or the JobManager itself: it never exits the JVM. A usage error (a bad flag, a missing input, a
     * non-empty output) is thrown as a {@link UsageException} after its message went to stderr, a failure as
     * itself; both fail the submission and leave the cluster up. {@link StandaloneFetchJob} is the wrapper
     * that turns them into exit codes on the command line.
     */
    public static void main(String[] args) throws Exception {
        FetchJob job = new FetchJob();
        int exit = commandLine(job).execute(args);
        if (exit == CommandLine.ExitCode.USAGE) {
            throw new UsageException(job.usageError);
        }
        if (exit != 0) {
            throw job.failure != null ? job.failure : new IllegalStateException("shoal-flink-fetch: exit status " + exit);
        }
    }

    /** The command with its handlers: a usage error exits with 2 and a one-line message, a failure with 1. */
    static CommandLine commandLine() {
        return commandLine(new FetchJob());
    }

    private static CommandLine commandLine(FetchJob job) {
        return new CommandLine(job)
                .setParameterExceptionHandler((e, args) -> {
                    job.usageError = e.getMessage();
                    e.getCommandLine().getErr().println("shoal-flink-fetch: " + e.getMessage() + " (see --help)");
                    return CommandLine.ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    job.failure = e;
                    cmd.getErr().println("shoal-flink-fetch: " + e.getMessage());
                    return 1;
                });
    }

    /** A submission whose arguments are wrong; the message says what is wrong. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super("shoal-flink-fetch: " + message + " (see --help)");
        }
    }

    @Override
    public Integer call() throws Exception {
        Path in = toPath(input);
        Path out = toPath(output);
        String problem = checkPaths(in, out);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try { // settings out of range (a zero concurrency, parallelism or interval) are usage errors
            ShoalFlinkConfig config = clientConfig();
            if (parallelism != null) {
                env.setParallelism(parallelism);
            }
            checkpointEvery(env, seconds(checkpointInterval));
            AsyncFetch.unordered(AsyncFetch.partitionByOrigin(requestsFrom(env, in)), config).sinkTo(jsonLinesTo(out, config)).name("json rows").uid("json-rows");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        JobExecutionResult result = env.execute("shoal fetch " + input);
        PrintWriter err = spec.commandLine().getErr();
        if (result.isJobExecutionResult()) {
            err.printf("shoal-flink-fetch: done in %.1f s; rows in %s%n",
                    result.getNetRuntime() / 1000.0, new Path(out, "rows-*.jsonl"));
        }
        err.flush();
        return 0;
    }

    /**
     * Checkpoints (the commits of the row files) at this interval, aligned while the barrier gets through within
     * {@link #ALIGNED_CHECKPOINT_TIMEOUT}, unaligned after that. The reader runs far ahead of the fetching into
     * Flink's network buffers, and an aligned barrier would queue behind all of those requests (minutes of them
     * under a rate limit); unaligned, it overtakes them and they are stored with the checkpoint instead, to be
     * fetched again after a restore before the next checkpoint can complete. Where the cluster debloats its
     * buffers ({@code taskmanager.network.memory.buffer-debloat.enabled}), they hold about a second of
     * requests, the barrier gets through aligned, and a restore has little to replay.
     */
    public static void checkpointEvery(StreamExecutionEnvironment env, Duration interval) {
        env.enableCheckpointing(interval.toMillis());
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.getCheckpointConfig().setAlignedCheckpointTimeout(ALIGNED_CHECKPOINT_TIMEOUT);
    }

    /** The requests of a URL file, read by one task so that indexes count through the whole file. */
    public static DataStream<FetchRequest> requestsFrom(StreamExecutionEnvironment env, Path urlFile) {
        FileSource<FetchRequest> source = FileSource.forRecordStreamFormat(new UrlFileFormat(), urlFile).build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "url file")
                .uid("url-file")
                .setParallelism(1);
    }

    /**
     * Writes rows as JSON lines into {@code dir}, in part files committed at checkpoints (exactly once); every
     * row has a {@code sha256} column when {@code config} hashes bodies. Each checkpoint rolls the part files,
     * so the rows of a checkpoint are visible in {@code dir} as soon as it completes (one file per task and
     * checkpoint that had rows), not when a file grows large or old. When the job finishes, the in-progress
     * files that killed tasks left are removed ({@link JsonLinesSink}).
     */
    public static Sink<Row> jsonLinesTo(Path dir, ShoalFlinkConfig config) {
        FileSink<Row> files = FileSink.forRowFormat(dir, new JsonLinesEncoder(config.hashesBodies()))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix(PART_PREFIX).withPartSuffix(".jsonl").build())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .build();
        return new JsonLinesSink(files, dir, PART_PREFIX);
    }

    private ShoalFlinkConfig clientConfig() {
        client.check();
        ShoalFlinkConfig config = ShoalFlinkConfig.of(client::applyTo);  // the options are shipped to the tasks
        return hash ? config.hashingBodies() : config;
    }

    /** A plain path is a local file, made absolute; anything with a scheme is left to Flink's file systems. */
    private static Path toPath(String value) {
        if (WITH_SCHEME.matcher(value).lookingAt()) {
            return new Path(value);
        }
        return Path.fromLocalFile(new File(value).getAbsoluteFile());
    }

    /** What is wrong with the input or output, or null; checked before anything is submitted. */
    private static String checkPaths(Path in, Path out) throws IOException {
        FileSystem inFs = in.getFileSystem();
        if (!inFs.exists(in) || inFs.getFileStatus(in).isDir()) {
            return "input is not a file: " + in;
        }
        FileSystem outFs = out.getFileSystem();
        if (outFs.exists(out) && (!outFs.getFileStatus(out).isDir() || outFs.listStatus(out).length > 0)) {
            return "output must be an empty or absent directory: " + out;
        }
        return null;
    }

    private static Duration seconds(double value) {
        return Duration.ofNanos(Math.round(value * 1e9));
    }
}
