package dev.shoal.cli;

import dev.shoal.cli.fetch.FetchCommand;
import dev.shoal.testkit.DnsServer;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.Http2Server;
import dev.shoal.testkit.TestCertificate;
import io.netty.handler.ssl.ApplicationProtocolNames;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run whose loaded classes the {@code ./shoal} launcher lists ({@code -XX:DumpLoadedClassList}) and dumps
 * into a static class-data-sharing archive after a build: the start's warm-up, a small {@code fetch} against the embedded fault
 * server, with a response, a redirect, an error and an invalid line; a small {@code -T} upload of a file (more
 * than one chunk) and a form with that file ({@code -F}); then a fetch over TLS from a name resolved by DNS. So
 * the classes of a typical run, of an upload's body and of an HTTPS run load from the archive on later starts.
 */
public final class CdsTraining {
    /** More than one of the upload's chunks, so that the writer also waits for the socket and resumes. */
    private static final int UPLOAD_BYTES = 1 << 20;
    /** The name the TLS fetch resolves by DNS; its certificate is made for it. */
    static final String TLS_HOST = "cds.test";

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        LibraryLogging.silence();
        new Main.WarmUp(FetchCommand.class).run();
        Path upload = Files.createTempFile("shoal-cds-training", ".bin");
        int exit;
        try (FaultServer server = FaultServer.start()) {
            int status = fetch("fetch",
                    server.url("/bytes/100"), server.url("/redirect/1"), server.url("/gzip/100"), server.url("/status/404"),
                    "http://127.0.0.1:" + FaultServer.closedPort() + "/", "{not json", "--hash", "-o", "/dev/null");
            Files.write(upload, FaultServer.bytesFor(UPLOAD_BYTES));
            int uploaded = fetch("fetch", "-T", upload.toString(), server.url("/echo"), "-o", "/dev/null");
            int posted = fetch("fetch", "-F", "file=@" + upload + ";type=application/octet-stream", "-F", "name=value",
                    server.url("/echo"), "-o", "/dev/null");
            exit = status != 0 ? status : uploaded != 0 ? uploaded : posted;
        } finally {
            Files.deleteIfExists(upload);
        }
        fetchOverTls();
        System.exit(exit);
    }

    /**
     * A GET over TLS (the default engine, the certificate checked against a CA file) from a name that the client
     * asks a DNS server for: without it, the TLS engine, the certificate check and the DNS client (a thousand
     * classes of Netty and the JDK) were read from the jar and verified at the start of every HTTPS run. Best
     * effort: if it fails (no {@code keytool} to make the certificate), the archive holds the rest. True when the
     * response came.
     */
    static boolean fetchOverTls() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("shoal-cds");
            TestCertificate certificate = TestCertificate.generate(dir, "dns:" + TLS_HOST);
            try (Http2Server server = Http2Server.builder().tls(certificate).alpn(ApplicationProtocolNames.HTTP_1_1).start();
                 DnsServer dns = DnsServer.start().add(TLS_HOST, Duration.ofMinutes(1), "127.0.0.1")) {
                Path rows = dir.resolve("rows.jsonl");
                fetch("fetch", "https://" + TLS_HOST + ":" + server.port() + "/bytes/100",
                        "--cacert", certificate.certificatePem().toString(),
                        "--dns-servers", dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort(),
                        "-o", rows.toString());
                return Files.readString(rows).contains("\"status\":200");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            deleteQuietly(dir);
        }
    }

    private static int fetch(String... args) {
        StringWriter discard = new StringWriter();
        return Main.commandLine(new PrintWriter(discard), new PrintWriter(discard)).execute(args);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is no reason to fail the archive
        }
    }
}
