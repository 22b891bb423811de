package dev.shoal.flink;

import dev.shoal.options.ClientOptions;
import dev.shoal.rows.Row;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
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
 * mini cluster when started with {@code java}, or on a cluster with {@code flink run -c dev.shoal.flink.FetchJob}.
 * Limits and timeouts are per parallel task; see {@link ShoalFlinkConfig}.
 */
@Command(name = "shoal-flink-fetch", sortOptions = false,
        description = {"Fetches every request of a URL file on Flink and writes one JSON row per request (the rows "
                + "of shoal fetch) to part files rows-*.jsonl in the output directory. Rows are committed at each "
                + "checkpoint: after a failure and restart, every request still has exactly one row there.",
                "",
                "--concurrency, --per-host and --rate hold per parallel task: the job's totals are these times "
                        + "the parallelism. The client's options are those of shoal fetch, with the same defaults.",
                ""})
public final class FetchJob implements Callable<Integer> {
    private static final Pattern WITH_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");

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

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static CommandLine commandLine() {
        return new CommandLine(new FetchJob())
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println("shoal-flink-fetch: " + e.getMessage() + " (see --help)");
                    return CommandLine.ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("shoal-flink-fetch: " + e.getMessage());
                    return 1;
                });
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
            AsyncFetch.unordered(requestsFrom(env, in), config).sinkTo(jsonLinesTo(out, config)).name("json rows").uid("json-rows");
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
     * Checkpoints (the commits of the row files) at this interval. Unaligned: the reader runs far ahead of
     * the fetching into Flink's network buffers, and an aligned barrier would queue behind all of those
     * requests (minutes of them under a rate limit); unaligned, it overtakes them and they are stored with
     * the checkpoint instead.
     */
    public static void checkpointEvery(StreamExecutionEnvironment env, Duration interval) {
        env.enableCheckpointing(interval.toMillis());
        env.getCheckpointConfig().enableUnalignedCheckpoints();
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
     * row has a {@code sha256} column when {@code config} hashes bodies.
     */
    public static FileSink<Row> jsonLinesTo(Path dir, ShoalFlinkConfig config) {
        return FileSink.forRowFormat(dir, new JsonLinesEncoder(config.hashesBodies()))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("rows").withPartSuffix(".jsonl").build())
                .build();
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
