package dev.shoal.cli;

import dev.shoal.testkit.FaultServer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run whose loaded classes the {@code ./shoal} launcher lists ({@code -XX:DumpLoadedClassList}) and dumps
 * into a static class-data-sharing archive after a build: a small {@code fetch} against the embedded fault
 * server, with a response, a redirect, an error and an invalid line, then a small {@code -T} upload of a file
 * (more than one chunk) and a form with that file ({@code -F}), so that the classes of a typical run, and of an
 * upload's body, load from the archive on later starts.
 */
public final class CdsTraining {
    /** More than one of the upload's chunks, so that the writer also waits for the socket and resumes. */
    private static final int UPLOAD_BYTES = 1 << 20;

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        LibraryLogging.silence();
        Path upload = Files.createTempFile("shoal-cds-training", ".bin");
        int exit;
        try (FaultServer server = FaultServer.start()) {
            StringWriter discard = new StringWriter();
            int status = Main.commandLine(new PrintWriter(discard), new PrintWriter(discard)).execute("fetch",
                    server.url("/bytes/100"), server.url("/redirect/1"), server.url("/gzip/100"), server.url("/status/404"),
                    "http://127.0.0.1:" + FaultServer.closedPort() + "/", "{not json", "--hash", "-o", "/dev/null");
            Files.write(upload, FaultServer.bytesFor(UPLOAD_BYTES));
            int uploaded = Main.commandLine(new PrintWriter(discard), new PrintWriter(discard)).execute("fetch",
                    "-T", upload.toString(), server.url("/echo"), "-o", "/dev/null");
            int posted = Main.commandLine(new PrintWriter(discard), new PrintWriter(discard)).execute("fetch",
                    "-F", "file=@" + upload + ";type=application/octet-stream", "-F", "name=value", server.url("/echo"),
                    "-o", "/dev/null");
            exit = status != 0 ? status : uploaded != 0 ? uploaded : posted;
        } finally {
            Files.deleteIfExists(upload);
        }
        System.exit(exit);
    }
}
