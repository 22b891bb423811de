package dev.shoal.cli;

import dev.shoal.testkit.FaultServer;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The run whose loaded classes the {@code ./shoal} launcher lists ({@code -XX:DumpLoadedClassList}) and dumps
 * into a static class-data-sharing archive after a build: a small {@code fetch} against the embedded fault
 * server, with a response, a redirect, an error and an invalid line, so that the classes of a typical run
 * load from the archive on later starts.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) {
        LibraryLogging.silence();
        try (FaultServer server = FaultServer.start()) {
            StringWriter discard = new StringWriter();
            int status = Main.commandLine(new PrintWriter(discard), new PrintWriter(discard)).execute("fetch",
                    server.url("/bytes/100"), server.url("/redirect/1"), server.url("/gzip/100"), server.url("/status/404"),
                    "http://127.0.0.1:" + FaultServer.closedPort() + "/", "{not json", "--hash", "-o", "/dev/null");
            System.exit(status);
        }
    }
}
