package dev.shoal.cli;

import dev.shoal.cli.bench.BenchCommand;
import dev.shoal.cli.demo.DemoCommand;
import dev.shoal.cli.fetch.FetchCommand;
import dev.shoal.cli.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The {@code shoal} command: its subcommands, and how errors become exit statuses. */
@Command(name = "shoal", mixinStandardHelpOptions = true, versionProvider = ShoalVersion.class,
        description = "Asynchronous HTTP requests at scale.",
        footer = {"", "Run 'shoal COMMAND --help' for a command's options. "
                + "Exit status: 0 done, 1 local failure, 2 usage error, 130 interrupted."},
        subcommands = {
                FetchCommand.class,
                DemoCommand.class,
                ReportCommand.class,
                BenchCommand.class,
        })
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: fetch, demo, report or bench");
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
    }

    /** The whole command tree, writing help to {@code out} and messages to {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
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
