package dev.shoal.cli.fetch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code shoal fetch} as a child JVM on this test's class path, with the launcher's compiler and collector. */
final class FetchProcess {
    private FetchProcess() {
    }

    /** The command line: {@code jvmOptions} (a heap size among them) before the class path, {@code args} after "fetch". */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.shoal.cli.Main", "fetch"));
        command.addAll(List.of(args));
        return command;
    }
}
