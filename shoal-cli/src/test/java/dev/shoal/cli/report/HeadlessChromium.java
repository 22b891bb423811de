package dev.shoal.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium}, run headless on a local file with everything that would reach the network
 * switched off, each run in a fresh throw-away profile.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The chromium on the PATH, installed from Debian's package first if missing; fails, saying how to install it, when there is none. */
    static HeadlessChromium find() {
        dev.shoal.testkit.real.DebianPackages.ensure("chromium");
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return new HeadlessChromium(candidate);
            }
        }
        throw new AssertionError("chromium is not installed: apt-get install -y chromium (.ci/run does this)");
    }

    /** The page's DOM after its scripts ran. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot at " + png);
        }
    }

    private String run(Path page, List<String> extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("shoal-chromium-");
        Path stdout = Files.createTempFile("shoal-chromium-", ".out");
        Path stderr = Files.createTempFile("shoal-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
            command.addAll(extra);
            command.add(page.toUri().toString());
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("chromium exited with " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            deleteRecursively(profile);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
