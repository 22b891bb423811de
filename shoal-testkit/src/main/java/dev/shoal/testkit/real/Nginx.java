package dev.shoal.testkit.real;

import java.nio.file.Path;
import java.util.List;

/**
 * A real nginx (Debian package {@code nginx}) on free loopback ports, configured by the test: the test gives
 * the {@code server} blocks, this adds the rest (foreground, no master process, every file inside {@code dir}).
 * Every request is logged to {@link #received()} with what the client sent that matters to credential tests:
 * {@code METHOD URI auth=<Authorization> cookie=<Cookie> via=<Via>}.
 */
public final class Nginx implements AutoCloseable {
    private final LocalProcess process;
    private final int[] ports;
    private final Path accessLog;

    /** The {@code server { ... }} blocks of the {@code http} context, given the ports picked for this start. */
    @FunctionalInterface
    public interface Servers {
        String conf(int[] ports);
    }

    /** A dynamic module: its file in {@code /usr/lib/nginx/modules} and the Debian package that has it. */
    public record Module(String file, String debianPackage) {
    }

    /** Brotli compression of responses ({@code brotli on;}). */
    public static final Module BROTLI_FILTER = new Module("ngx_http_brotli_filter_module.so", "libnginx-mod-http-brotli-filter");

    private Nginx(LocalProcess process, int[] ports, Path accessLog) {
        this.process = process;
        this.ports = ports;
        this.accessLog = accessLog;
    }

    /** Starts nginx with {@code servers} on {@code portCount} free ports; returns once every port accepts. */
    public static Nginx start(Path dir, int portCount, Servers servers) {
        return start(dir, portCount, List.of(), servers);
    }

    /**
     * As {@link #start(Path, int, Servers)}, with dynamic modules loaded first: each a module file of
     * {@code /usr/lib/nginx/modules} from its Debian package, e.g. {@link #BROTLI_FILTER}.
     */
    public static Nginx start(Path dir, int portCount, List<Module> modules, Servers servers) {
        modules.forEach(m -> DebianPackages.ensure(m.debianPackage()));
        String nginx = Binaries.require("nginx", "nginx");
        return LocalProcess.onFreePorts(portCount, ports -> {
            Path log = dir.resolve("nginx.log");
            Path accessLog = dir.resolve("access.log");
            Path conf = dir.resolve("nginx.conf");
            Commands.write(dir.resolve("tmp/.keep"), "");  // nginx creates its temp folders, not their parent
            Commands.write(conf, mainConf(dir, log, accessLog, modules, servers.conf(ports)));
            LocalProcess p = LocalProcess.start("nginx", List.of(nginx, "-p", dir + "/", "-c", conf.toString(),
                    "-e", log.toString()), dir, log, ports);
            return new Nginx(p, ports, accessLog);
        });
    }

    private static String mainConf(Path dir, Path log, Path accessLog, List<Module> modules, String servers) {
        Path tmp = dir.resolve("tmp");
        StringBuilder loads = new StringBuilder();
        modules.forEach(m -> loads.append("load_module /usr/lib/nginx/modules/").append(m.file()).append(";\n"));
        return loads + """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %2$s warn;
                events { worker_connections 512; }
                http {
                    log_format received '$request_method $request_uri auth=$http_authorization cookie=$http_cookie via=$http_via';
                    access_log %3$s received;
                    client_body_temp_path %4$s/body;
                    proxy_temp_path %4$s/proxy;
                    fastcgi_temp_path %4$s/fastcgi;
                    uwsgi_temp_path %4$s/uwsgi;
                    scgi_temp_path %4$s/scgi;
                    types { text/html html; text/plain txt; application/octet-stream bin; }
                    default_type application/octet-stream;
                    keepalive_timeout 30s;
                %5$s
                }
                """.formatted(dir, log, accessLog, tmp, servers.indent(4));
    }

    public int port(int i) {
        return ports[i];
    }

    /** {@code http://127.0.0.1:<port i><path>}. */
    public String url(int i, String path) {
        return "http://127.0.0.1:" + ports[i] + path;
    }

    /** One line per request received so far (see the class comment for the format). */
    public List<String> received() {
        return LocalProcess.read(accessLog).lines().toList();
    }

    /**
     * The logged requests once there are at least {@code count} (or whatever there is after {@code timeout}):
     * nginx writes a request's line after it has sent the response, so a client may read the log first.
     */
    public List<String> received(int count, java.time.Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> lines = received();
        while (lines.size() < count && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lines = received();
        }
        return lines;
    }

    /** nginx's own output and error log. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
