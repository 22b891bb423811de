package dev.shoal.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageErrorTest {

    private final InProcessShoal shoal = new InProcessShoal();

    private int run(String... args) {
        return shoal.run(args);
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
        String message = shoal.err();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("shoal"), message);
        assertTrue(message.contains("--help"), message);
        assertEquals("", shoal.out());
    }

    @Test
    void anEmptyUnixSocketPathIsAUsageErrorNotARowPerUrl() {
        int status = run("fetch", "--unix-socket", "", "http://x/");

        assertEquals(ExitStatus.USAGE, status, shoal.err());
        assertEquals(1, shoal.err().lines().count(), shoal.err());
        assertTrue(shoal.err().contains("Unix socket"), shoal.err());
        assertEquals("", shoal.out());
    }

    @Test
    void aMissingSinceFileIsAUsageErrorNamingIt() {
        int status = run("fetch", "--since", "/no/such/week1.jsonl", "http://x/");

        assertEquals(ExitStatus.USAGE, status, shoal.err());
        assertEquals(1, shoal.err().lines().count(), shoal.err());
        assertTrue(shoal.err().contains("--since /no/such/week1.jsonl"), shoal.err());
        assertTrue(shoal.err().contains("--help"), shoal.err());
        assertEquals("", shoal.out());
    }

    @Test
    void helpOfEachCommandGoesToStdoutWithStatusZero() {
        for (String command : new String[] {"", "fetch", "demo", "report"}) {
            InProcessShoal help = new InProcessShoal();
            int status = help.run((command.isEmpty() ? "--help" : command + " --help").split(" "));
            assertEquals(0, status);
            assertTrue(help.out().contains("Usage: shoal" + (command.isEmpty() ? "" : " " + command)), help.out());
        }
    }

    @Test
    void versionOfEveryCommandNamesTheProjectVersion() {
        for (String command : new String[] {"--version", "fetch --version", "demo --version", "report --version"}) {
            InProcessShoal version = new InProcessShoal();
            int status = version.run(command.split(" "));
            assertEquals(0, status);
            assertTrue(version.out().matches("(?s)shoal \\d+\\.\\d+.*"), command + ": " + version.out());
        }
    }
}
