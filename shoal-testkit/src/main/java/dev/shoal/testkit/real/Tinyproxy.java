package dev.shoal.testkit.real;

import java.nio.file.Path;
import java.util.List;

/**
 * A real tinyproxy (Debian package {@code tinyproxy}) in the foreground on a free loopback port: a forwarding
 * HTTP proxy that also opens CONNECT tunnels to any port. It adds a {@code Via} header both ways and logs each
 * request line ({@code Request (file descriptor N): GET http://... HTTP/1.1}, {@code CONNECT host:port}).
 */
public final class Tinyproxy implements AutoCloseable {
    private final LocalProcess process;
    private final int port;

    private Tinyproxy(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts tinyproxy; {@code extraConfig} lines are appended to its configuration (e.g. {@code BasicAuth u p}). */
    public static Tinyproxy start(Path dir, String... extraConfig) {
        String tinyproxy = Binaries.require("tinyproxy", "tinyproxy");
        return LocalProcess.onFreePorts(1, ports -> {
            Path log = dir.resolve("tinyproxy.log");
            Path conf = dir.resolve("tinyproxy.conf");
            Commands.write(conf, String.join("\n",
                    "Port " + ports[0],
                    "Listen 127.0.0.1",
                    "Timeout 30",
                    "MaxClients 64",
                    "LogLevel Connect",
                    "LogFile \"" + log + "\"",
                    "PidFile \"" + dir.resolve("tinyproxy.pid") + "\"",
                    "ViaProxyName \"tinyproxy\"",
                    String.join("\n", extraConfig)) + "\n");
            LocalProcess p = LocalProcess.start("tinyproxy", List.of(tinyproxy, "-d", "-c", conf.toString()), dir, log, ports);
            return new Tinyproxy(p, ports[0]);
        });
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What tinyproxy has logged so far: one line per request it handled, among others. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
