package dev.shoal.cli;

import dev.shoal.ContentEncodings;
import dev.shoal.cli.bench.BenchCommand;
import dev.shoal.cli.demo.DemoCommand;
import dev.shoal.cli.fetch.FetchCommand;
import dev.shoal.cli.report.ReportCommand;
import io.netty.buffer.PooledByteBufAllocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The {@code shoal} command: its subcommands, and how errors become exit statuses. */
@Command(name = "shoal", mixinStandardHelpOptions = true, versionProvider = ShoalVersion.class,
        description = "Asynchronous HTTP requests at scale.",
        footer = {"", "Run 'shoal COMMAND --help' for a command's options. "
                + "Exit status: 0 done, 1 local failure, 2 usage error, 3 out of memory, 130 interrupted (SIGINT), "
                + "143 terminated (SIGTERM)."})
public final class Main implements Callable<Integer> {
    /** Every subcommand; a run builds picocli's model of the one it names only (reflection costs start-up). */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("fetch", FetchCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("report", ReportCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
    }

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: fetch, demo, report or bench");
    }

    public static void main(String[] args) {
        LibraryLogging.silence();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        String named = args.length > 0 && COMMANDS.containsKey(args[0]) ? args[0] : null;
        if ("fetch".equals(named) || "demo".equals(named)) {
            warmTransport();
        }
        int status;
        try {
            status = commandLine(out, err, named).execute(args);
        } catch (Throwable t) {  // an Error picocli does not catch: one line on stderr, never on the rows' stdout
            err.println("shoal: internal error: " + t);
            err.flush();
            status = ExitStatus.FATAL;
        }
        System.exit(status);
    }

    /**
     * Loads the native code (brotli and zstd, then the transport) and Netty's allocator on a second thread while
     * picocli reads the command line: all are needed within milliseconds, and class initialisation is most of a
     * short run's start. Then the number formatting of the run's summary: java.util.Formatter's first use loads
     * the locale data, which would otherwise stand between the last response and the exit.
     */
    private static void warmTransport() {
        Thread warm = new Thread(() -> {
            try {
                ContentEncodings.acceptEncoding();  // brotli's and zstd's native libraries, read out of the jar
                Class.forName("io.netty.channel.epoll.Epoll", true, Main.class.getClassLoader());
                PooledByteBufAllocator.DEFAULT.directBuffer(64).release();  // the allocator the client's channels use
                String.format(Locale.ROOT, "%,d %,.1f", 1, 1.0);  // as RunStats.summary formats
            } catch (ReflectiveOperationException | LinkageError ignored) {
                // the client loads what it needs itself, only later
            }
        }, "shoal-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** The whole command tree, writing help to {@code out} and messages to {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /** The command tree with only subcommand {@code only} (all of them when null). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String only) {
        CommandLine cli = new CommandLine(new Main());
        COMMANDS.forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setExpandAtFiles(false); // "-d @file" is curl's, not picocli's argument file
        ShoalVersion version = new ShoalVersion();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof FatalError) {
                command.getErr().println("shoal: " + e.getMessage());
            } else {
                command.getErr().println("shoal: internal error: " + e);
                if (System.getenv("SHOAL_DEBUG") != null) {
                    e.printStackTrace(command.getErr());
                }
            }
            command.getErr().flush();
            return ExitStatus.FATAL;
        });
        return cli;
    }
}
