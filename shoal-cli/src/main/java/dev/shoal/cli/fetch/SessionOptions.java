package dev.shoal.cli.fetch;

import dev.shoal.Shoal;
import dev.shoal.cli.FatalError;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run's session with the outside, as curl's flags say: the cookie file read before the first request
 * ({@code -b}), the one written after the last ({@code --cookie-jar}), and the Unix socket every request goes to
 * ({@code --unix-socket}). Cookie values are credentials: nothing here prints them.
 */
final class SessionOptions {

    @Option(names = {"-b", "--cookie"}, paramLabel = "FILE",
            description = "Start with the cookies of this curl cookie file (Netscape format); a file that does not "
                    + "exist yet is no error, as in curl. For a literal cookie use -H 'Cookie: NAME=VALUE'.")
    String cookieFile;

    @Option(names = "--cookie-jar", paramLabel = "FILE",
            description = "After the run, write every cookie the client holds to FILE in curl's Netscape format "
                    + "(session cookies included, expiry 0), replacing it at once; readable by its owner only. "
                    + "curl's -c is --concurrency here.")
    String cookieJar;

    @Option(names = "--unix-socket", paramLabel = "PATH",
            description = "Send every request over this Unix domain socket (e.g. /var/run/docker.sock); the URL still "
                    + "gives the Host header and the path. Needs Linux (epoll).")
    String unixSocket;

    /**
     * The options that conflict, as a usage message; null when none.
     *
     * @param cookiesKept whether the client keeps cookies (no --no-cookies)
     */
    String conflict(boolean cookiesKept) {
        if (!cookiesKept && (cookieFile != null || cookieJar != null)) {
            return (cookieFile != null ? "-b/--cookie" : "--cookie-jar") + " needs cookies kept: drop --no-cookies";
        }
        if (cookieFile != null && cookieFile.contains("=") && !Files.exists(Path.of(cookieFile))) {
            return "-b/--cookie takes a cookie file; for a literal cookie use -H 'Cookie: NAME=VALUE'";
        }
        if (cookieFile != null && Files.exists(Path.of(cookieFile)) && !Files.isReadable(Path.of(cookieFile))) {
            return "-b/--cookie " + cookieFile + ": cannot read the file";
        }
        return null;
    }

    void applyTo(Shoal.Builder builder) {
        if (unixSocket != null) {
            builder.unixSocket(Path.of(unixSocket));
        }
    }

    /** Loads -b's file, if it exists; says on {@code err} how many lines were not cookies. */
    void loadCookies(Shoal shoal, PrintWriter err) {
        if (cookieFile == null || !Files.exists(Path.of(cookieFile))) {
            return;
        }
        try {
            int skipped = shoal.loadCookies(Path.of(cookieFile));
            if (skipped > 0) {
                err.println("shoal: -b " + cookieFile + ": " + skipped + " line(s) that are not cookies skipped");
                err.flush();
            }
        } catch (IOException e) {
            throw FatalError.io("cannot read -b", cookieFile, e);
        }
    }

    /** Writes --cookie-jar's file, if asked for. */
    void saveCookies(Shoal shoal) {
        if (cookieJar == null) {
            return;
        }
        try {
            shoal.saveCookies(Path.of(cookieJar));
        } catch (IOException e) {
            throw FatalError.io("cannot write --cookie-jar", cookieJar, e);
        }
    }
}
