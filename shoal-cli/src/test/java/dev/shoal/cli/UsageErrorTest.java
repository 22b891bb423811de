package dev.shoal.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageErrorTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fetch --bogus",
            "fetch -c 0 http://x/",
            "fetch --per-host -1 http://x/",
            "fetch --io-threads 0 http://x/",
            "fetch --rate -1 http://x/",
            "fetch --rate NaN http://x/",
            "fetch --rate Infinity http://x/",
            "fetch --rate 1e-300 http://x/",
            "fetch -m 4s http://x/",
            "fetch --max-body lots http://x/",
            "fetch --resume http://x/",
            "fetch --resume -o - http://x/",
            "fetch --http1.1 --http2-prior-knowledge http://x/",
            "fetch -H NoColon http://x/",
            "fetch -u nocolon http://x/",
            "fetch -X GE\tT http://x/",
            "fetch --proxy ftp://p:1 http://x/",
            "fetch --cacert /no/such.pem http://x/",
            "fetch -c",
            "nosuchcommand",
            "report",
            "demo -n 0",
            ""})
    void usageErrorIsOneLineOnStderrAndExitStatusTwo(String commandLine) {
        int status = run(commandLine.isEmpty() ? new String[0] : commandLine.split(" "));

        assertEquals(ExitStatus.USAGE, status);
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("shoal"), message);
        assertTrue(message.contains("--help"), message);
        assertEquals("", out.toString());
    }

    @Test
    void anEmptyUnixSocketPathIsAUsageErrorNotARowPerUrl() {
        int status = run("fetch", "--unix-socket", "", "http://x/");

        assertEquals(ExitStatus.USAGE, status, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("Unix socket"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aMissingSinceFileIsAUsageErrorNamingIt() {
        int status = run("fetch", "--since", "/no/such/week1.jsonl", "http://x/");

        assertEquals(ExitStatus.USAGE, status, err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("--since /no/such/week1.jsonl"), err.toString());
        assertTrue(err.toString().contains("--help"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void helpOfEachCommandGoesToStdoutWithStatusZero() {
        for (String command : new String[] {"", "fetch", "demo", "report"}) {
            StringWriter help = new StringWriter();
            int status = Main.commandLine(new PrintWriter(help, true), new PrintWriter(err, true))
                    .execute((command.isEmpty() ? "--help" : command + " --help").split(" "));
            assertEquals(0, status);
            assertTrue(help.toString().contains("Usage: shoal" + (command.isEmpty() ? "" : " " + command)), help.toString());
        }
    }

    @Test
    void versionOfEveryCommandNamesTheProjectVersion() {
        for (String command : new String[] {"--version", "fetch --version", "demo --version", "report --version"}) {
            StringWriter version = new StringWriter();
            int status = Main.commandLine(new PrintWriter(version, true), new PrintWriter(err, true)).execute(command.split(" "));
            assertEquals(0, status);
            assertTrue(version.toString().matches("(?s)shoal \\d+\\.\\d+.*"), command + ": " + version);
        }
    }
}
