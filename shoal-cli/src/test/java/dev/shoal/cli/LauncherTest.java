package dev.shoal.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./shoal} launcher's own decisions, in a copy of the repository's layout whose jar is newer than its
 * sources, with {@code JAVA_HOME} naming a {@code java} that only records its arguments: the repository's folder
 * however the launcher is named, and the JVM options it chooses from the command line (the compilers by the input
 * file's size, the young generation by the requests in flight).
 */
@Timeout(60)
class LauncherTest {
    @TempDir
    Path dir;
    private Path repo;
    private Path calls;

    @BeforeEach
    void layout() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("..", "shoal").toAbsolutePath().normalize(), repo.resolve("shoal"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("shoal-cli/src/main"));
        Files.writeString(repo.resolve("shoal-cli/pom.xml"), "<project><dependencies></dependencies></project>");
        Path target = Files.createDirectories(repo.resolve("shoal-cli/target"));
        for (String built : List.of("shoal.jar", "shoal.jsa")) {
            Files.writeString(target.resolve(built), "built");
            Files.setLastModifiedTime(target.resolve(built), FileTime.from(Instant.now().plusSeconds(60)));
        }
        Files.createDirectories(target.resolve("native"));
        Files.writeString(target.resolve("native/jvm.options"), "-Dnative=1\n");
        Files.setLastModifiedTime(target.resolve("native/jvm.options"), FileTime.from(Instant.now().plusSeconds(120)));

        calls = Files.createDirectories(dir.resolve("calls"));
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + calls + "/java.$$\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void findsTheRepositoryHoweverItIsNamed() throws Exception {
        for (List<String> args : List.of(
                launch(repo, List.of("./shoal", "--version")),
                launch(repo, List.of("bash", "shoal", "--version")),
                launch(dir, List.of("repo/shoal", "--version")),
                launch(dir, List.of(repo + "/shoal", "--version")),
                launch(repo.resolve("shoal-cli"), List.of("../shoal", "--version")),
                launch(repo.resolve("shoal-cli"), List.of("bash", "-c", "PATH=" + repo + ":$PATH shoal --version")))) {
            assertEquals(repo, Path.of(value(args, "-Dshoal.home=")).normalize(), args::toString);
            assertEquals(repo.resolve("shoal-cli/target/shoal.jsa"), Path.of(value(args, "-XX:SharedArchiveFile=")).normalize());
            assertTrue(args.contains("-Dnative=1"), args::toString);
            assertEquals(List.of("-jar", "--version"), List.of(args.get(args.size() - 3), args.get(args.size() - 1)));
            assertEquals(repo.resolve("shoal-cli/target/shoal.jar"), Path.of(args.get(args.size() - 2)).normalize());
        }
    }

    private static String value(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    @Test
    void aLargeInputFileGetsTieredCompilationAndAnythingElseC1Alone() throws Exception {
        Path large = dir.resolve("large.txt");
        try (RandomAccessFile file = new RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(16L * 1024 * 1024 + 1);
        }
        Path small = Files.writeString(dir.resolve("small.txt"), "http://127.0.0.1/\n");

        for (List<String> command : List.of(List.of("fetch", "-i", large.toString()), List.of("fetch", "--input", large.toString()),
                List.of("fetch", "--input=" + large), List.of("fetch", "-i" + large))) {
            assertFalse(launch(repo, shoal(command)).contains("-XX:TieredStopAtLevel=1"), command::toString);
        }
        for (List<String> command : List.of(List.of("fetch", "-i", small.toString()), List.of("fetch", "http://127.0.0.1/"),
                List.of("fetch", "-i", "-"), List.of("report", "-i", large.toString()))) {
            assertTrue(launch(repo, shoal(command)).contains("-XX:TieredStopAtLevel=1"), command::toString);
        }
    }

    @Test
    void thousandsInFlightGetALargerYoungGeneration() throws Exception {
        assertFalse(launch(repo, shoal(List.of("fetch", "-c", "1999", "u"))).contains("-Xmn128m"));
        assertTrue(launch(repo, shoal(List.of("fetch", "-c", "2000", "u"))).contains("-Xmn128m"));
        assertTrue(launch(repo, shoal(List.of("fetch", "--concurrency=5000", "u"))).contains("-Xmn128m"));
        assertTrue(launch(repo, shoal(List.of("bench", "-c8000"))).contains("-Xmn256m"));
        assertTrue(launch(repo, shoal(List.of("fetch", "--concurrency", "10000", "u"))).contains("-Xmn256m"));
        assertFalse(launch(repo, shoal(List.of("report", "-c", "10000"))).contains("-Xmn256m"));
    }

    private static List<String> shoal(List<String> args) {
        List<String> command = new ArrayList<>(List.of("./shoal"));
        command.addAll(args);
        return command;
    }

    /** The arguments of the launcher's last {@code java}, the one that runs the command. */
    private List<String> launch(Path cwd, List<String> command) throws Exception {
        try (var old = Files.list(calls)) {
            for (Path call : old.toList()) {
                Files.delete(call);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", dir.resolve("jdk").toString());
        env.remove("SHOAL_JAVA_OPTS");
        env.remove("SHOAL_JIT");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "launcher did not end");
        assertEquals(0, process.exitValue(), output);
        try (var made = Files.list(calls)) {
            List<Path> all = made.toList();
            assertEquals(1, all.size(), () -> "one java, the command's: " + all + " " + output);
            return Files.readAllLines(all.get(0));
        }
    }
}
