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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** The {@code shoal} command: its subcommands, and how errors become exit statuses. */
@Command(name = "shoal", mixinStandardHelpOptions = true, versionProvider = ShoalVersion.class,
        description = "Asynchronous HTTP requests at scale.",
        footer = {"", "Run 'shoal COMMAND --help' for a command's options. "
                + "Exit status: 0 done, 1 local failure, 2 usage error, 3 out of memory, 130 interrupted (SIGINT), "
                + "143 terminated (SIGTERM)."})
public final class Main implements Callable<Integer> {
    /** Every subcommand's name; a run builds picocli's model of the one it names only (reflection costs start-up). */
    private static final List<String> COMMANDS = List.of("fetch", "demo", "report", "bench");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: fetch, demo, report or bench");
    }

    public static void main(String[] args) {
        LibraryLogging.silence();
        if (System.getProperty("io.netty.allocator.type") == null) {
            // Netty's default allocator is the one the client's channels use; otherwise every channel's configuration
            // would first build another, adaptive, one (on the I/O thread, at the first connection) that is never used
            System.setProperty("io.netty.allocator.type", "pooled");
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        String named = args.length > 0 && COMMANDS.contains(args[0]) ? args[0] : null;
        Object command = named == null ? null : command(named);
        if ("fetch".equals(named) || "demo".equals(named)) {
            warmUp(command.getClass());
        }
        int status;
        try {
            status = commandLine(out, err, named, command).execute(args);
        } catch (Throwable t) {  // an Error picocli does not catch: one line on stderr, never on the rows' stdout
            err.println("shoal: internal error: " + t);
            err.flush();
            status = ExitStatus.FATAL;
        }
        System.exit(status);
    }

    /**
     * Reads the annotations of the command's classes, then loads the native code (the transport, then brotli and
     * zstd) and Netty's allocator on a second thread while picocli builds its model of the command line (first of
     * {@code shoal} itself, then of the command): all are needed within milliseconds, and reflection and class
     * initialisation are most of a short run's start. Then the number formatting of the run's summary: java.util.Formatter's first use loads
     * the locale data, which would otherwise stand between the last response and the exit. The thread starts
     * before the main thread's first lambda, so that the JDK's set-up of lambdas happens there, beside picocli's
     * reading of annotations (which takes none).
     */
    private static void warmUp(Class<?> command) {
        Thread warm = new Thread(new WarmUp(command), "shoal-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** What {@link #warmUp} runs: a class, not a lambda (see there); the class archive's training runs it too. */
    static final class WarmUp implements Runnable {
        /**
         * Classes whose static initialisers the first connection would otherwise run on its I/O thread, then
         * those of the rows' JSON and the summary's histogram, which the main thread would run after picocli.
         */
        private static final List<String> FIRST_USE_CLASSES = List.of(
                "io.netty.channel.unix.Errors",  // one strerror call per errno number
                "io.netty.channel.DefaultChannelId",  // the process id, by reflection
                "io.netty.channel.AbstractChannelHandlerContext",
                "io.netty.handler.codec.http.HttpObjectEncoder",
                "io.netty.handler.codec.http.HttpResponseDecoder",
                "io.netty.handler.codec.http.DefaultHttpHeaders",
                "dev.shoal.rows.RowWriter",
                "org.HdrHistogram.Histogram");

        private final Class<?> command;

        /** For a run of {@code command}, the class of the named subcommand. */
        WarmUp(Class<?> command) {
            this.command = command;
        }

        @Override
        public void run() {
            CommandAnnotations.read(command);  // first: picocli reaches the command's model within milliseconds
            initialise("io.netty.channel.epoll.Epoll");  // the transport's native library: the client's first need
            try {
                ContentEncodings.acceptEncoding();  // brotli's and zstd's native libraries
                PooledByteBufAllocator.DEFAULT.directBuffer(64).release();  // the allocator the client's channels use
            } catch (LinkageError ignored) {
                // the client loads what it needs itself, only later
            }
            for (String name : FIRST_USE_CLASSES) {
                initialise(name);
            }
            String.format(Locale.ROOT, "%,d %,.1f", 1, 1.0);  // as RunStats.summary formats
        }

        /** One that fails (the native transport's, where it does not load) fails again where the client needs it. */
        private static void initialise(String className) {
            try {
                Class.forName(className, true, Main.class.getClassLoader());
            } catch (ReflectiveOperationException | LinkageError ignored) {
                // the next class's initialiser still saves its time
            }
        }
    }

    /** The whole command tree, writing help to {@code out} and messages to {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null, null);
    }

    /** The command tree with only subcommand {@code only}, that is {@code command} (all of them when null). */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, String only, Object command) {
        CommandLine cli = new CommandLine(new Main());
        ShoalVersion version = new ShoalVersion();
        for (String name : COMMANDS) {
            if (only == null || only.equals(name)) {
                cli.addSubcommand(name, only == null ? command(name) : command);
                cli.getSubcommands().get(name).getCommandSpec().versionProvider(version);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExpandAtFiles(false); // "-d @file" is curl's, not picocli's argument file
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new ExecutionErrorHandler());
        return cli;
    }

    private static Object command(String name) {
        switch (name) {
            case "fetch": return new FetchCommand();
            case "demo": return new DemoCommand();
            case "report": return new ReportCommand();
            case "bench": return new BenchCommand();
            default: throw new IllegalArgumentException(name);
        }
    }

    /** An exception out of a command: a {@link FatalError}'s one line, or an internal error's. */
    private static final class ExecutionErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
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
        }
    }
}
