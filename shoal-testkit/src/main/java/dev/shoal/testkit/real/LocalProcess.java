package dev.shoal.testkit.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process a test starts: launched with its output in a log file, ready once each of its loopback
 * ports accepts a connection, stopped (SIGTERM, then SIGKILL) and waited for on close, or when the JVM exits
 * if a test forgot. A missing binary or a server that dies on start fails loudly with its log; a test that
 * needs it is never skipped.
 */
final class LocalProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private LocalProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(this::stop, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Something that starts a server on the given free ports. */
    @FunctionalInterface
    interface Starter<T> {
        T start(int[] ports) throws PortTakenException;
    }

    /** Thrown when the server could not bind a port another process took meanwhile: try other ports. */
    static final class PortTakenException extends Exception {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    /** Starts a server on {@code count} free loopback ports, choosing new ones if a port was taken meanwhile. */
    static <T> T onFreePorts(int count, Starter<T> starter) {
        PortTakenException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = freePort();
            }
            try {
                return starter.start(ports);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw new IllegalStateException(last.getMessage());
    }

    /** A port nothing listens on now (the kernel's choice of an ephemeral port). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches {@code command} in {@code dir} and waits until every port in {@code ports} accepts. */
    static LocalProcess start(String name, List<String> command, Path dir, Path log, int... ports) throws PortTakenException {
        Process p;
        try {
            Files.createDirectories(dir);
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        LocalProcess server = new LocalProcess(name, p, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                server.checkAlive(port);
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException(name + " did not listen on port " + port + " within "
                            + START_TIMEOUT.toSeconds() + " s: " + tail(server.log()));
                }
                sleep(50);
            }
        }
        server.checkAlive(ports.length > 0 ? ports[0] : 0);  // the port may have answered for another process
        return server;
    }

    private void checkAlive(int port) throws PortTakenException {
        if (process.isAlive()) {
            return;
        }
        close();
        String output = log();
        if (output.contains("in use")) {
            throw new PortTakenException(name + " could not bind port " + port + ": " + tail(output));
        }
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + " on start: " + tail(output));
    }

    /** Everything the process and the files passed as its log have written so far. */
    String log() {
        return read(log);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }

    private static String tail(String output) {
        String t = output.strip();
        return t.length() <= 2000 ? t : "..." + t.substring(t.length() - 2000);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
