package dev.shoal.options;

import dev.shoal.HttpVersionPolicy;
import dev.shoal.Shoal;
import dev.shoal.ShoalConfig;
import dev.shoal.TlsProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientOptionsTest {

    @Command(name = "test")
    static final class Command1 {
        @Mixin
        ClientOptions client = new ClientOptions();
    }

    private static ShoalConfig config(String... args) {
        Command1 command = new Command1();
        new CommandLine(command).parseArgs(args);
        return command.client.applyTo(Shoal.builder()).config();
    }

    @Test
    void defaultsAreThoseOfShoalFetch() {
        ShoalConfig c = config();
        assertEquals(64, c.maxInFlight());
        assertEquals(64, c.maxPerHost(), "per host: the concurrency");
        assertEquals(Duration.ofSeconds(300), c.deadline());
        assertEquals(Duration.ofSeconds(10), c.connectTimeout());
        assertEquals(Duration.ofSeconds(30), c.readTimeout());
        assertEquals(0, c.retry().maxRetries());
        assertEquals(10, c.maxRedirects());
        assertTrue(c.followRedirects());
        assertTrue(c.cookies());
        assertEquals(HttpVersionPolicy.HTTP_2, c.httpVersion());
        assertEquals(TlsProvider.AUTO, c.tlsProvider());
        assertTrue(c.adaptToHosts(), "hosts' 429/503 and Retry-After are heeded unless told not to");
        assertFalse(c.robots());
    }

    @Test
    void politenessFlagsMapOntoTheBuilder() {
        ShoalConfig c = config("--robots", "--no-adapt");
        assertTrue(c.robots());
        assertFalse(c.adaptToHosts());
    }

    @Test
    void flagsMapOntoTheBuilder() {
        ShoalConfig c = config("-c", "200", "--per-host", "16", "-m", "1.5", "--retry", "2", "--rate", "5",
                "--max-redirs", "3", "--no-location", "-k", "--http1.1", "--max-body", "10k", "--no-cookies",
                "--tls-provider", "jdk", "-A", "ua/1", "--io-threads", "1", "--max-idle", "0");
        assertEquals(200, c.maxInFlight());
        assertEquals(16, c.maxPerHost());
        assertEquals(Duration.ofMillis(1500), c.deadline());
        assertEquals(2, c.retry().maxRetries());
        assertEquals(5.0, c.ratePerHost());
        assertEquals(3, c.maxRedirects());
        assertFalse(c.followRedirects());
        assertTrue(c.insecure());
        assertEquals(HttpVersionPolicy.HTTP_1_1, c.httpVersion());
        assertEquals(10 * 1024, c.maxBodyBytes());
        assertFalse(c.cookies());
        assertEquals(TlsProvider.JDK, c.tlsProvider());
        assertEquals("ua/1", c.userAgent());
        assertEquals(1, c.ioThreads());
        assertEquals(0, c.maxIdleConnections());
    }

    @Test
    void theFlinkJobsFormerHttp1SpellingStillWorks() {
        assertEquals(HttpVersionPolicy.HTTP_1_1, config("--http1").httpVersion());
        assertEquals(HttpVersionPolicy.HTTP_2_PRIOR_KNOWLEDGE, config("--http2-prior-knowledge").httpVersion());
    }

    @Test
    void anOptionOutOfRangeNamesItsFlag() {
        assertEquals("--concurrency must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> config("-c", "0")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--http1.1", "--http2"))
                .getMessage().startsWith("choose one of"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--tls-provider", "x"))
                .getMessage().startsWith("--tls-provider"));
    }

    @Test
    void theOptionsCanBeShippedToFlinkTasks() throws Exception {
        Command1 command = new Command1();
        new CommandLine(command).parseArgs("-m", "2", "--cacert", "/dev/null");
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(command.client);
        }
    }
}
