package dev.shoal.testkit.real;

import java.nio.file.Path;
import java.util.List;

/**
 * A real httpbin (Debian package {@code python3-httpbin}) served by gunicorn ({@code python3-gunicorn}) on a
 * free loopback port: one worker process with threads, so a slow endpoint ({@code /delay}) does not hold up
 * the others, and keep-alive longer than a client's idle timeout.
 */
public final class Httpbin implements AutoCloseable {
    private final LocalProcess process;
    private final int port;

    private Httpbin(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Httpbin start(Path dir) {
        DebianPackages.ensure("python3-httpbin", "python3-gunicorn");
        // python3-gunicorn has the module, its launcher script is in the "gunicorn" package
        String python = Binaries.debianPython();
        return LocalProcess.onFreePorts(1, ports -> {
            Path log = dir.resolve("gunicorn.log");
            List<String> command = List.of(python, "-m", "gunicorn", "--workers", "1", "--threads", "16",
                    "--keep-alive", "30", "--bind", "127.0.0.1:" + ports[0], "httpbin:app");
            LocalProcess p = LocalProcess.start("httpbin (gunicorn; Debian packages python3-httpbin python3-gunicorn)",
                    command, dir, log, ports);
            return new Httpbin(p, ports[0]);
        });
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
