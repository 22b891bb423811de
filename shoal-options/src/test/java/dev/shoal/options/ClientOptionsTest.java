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
    void curlsRateRetryAndTlsFlagsMapOntoTheBuilder() {
        String pin = "sha256//" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        ShoalConfig c = config("--rate", "120/m", "--global-rate", "5/s", "--retry", "3", "--retry-all-errors",
                "--retry-max-time", "2.5", "--retry-on", "500,4xx", "--pinnedpubkey", pin);
        assertEquals(2.0, c.ratePerHost());
        assertEquals(5.0, c.globalRate());
        assertTrue(c.retry().retryAllErrors());
        assertEquals(Duration.ofMillis(2500), c.retry().maxRetryTime());
        assertTrue(c.retry().retryStatuses().contains(500) && c.retry().retryStatuses().contains(429));
        assertFalse(c.retry().retryStatuses().contains(503));
        assertEquals(101, c.retry().retryStatuses().size());
        assertEquals(java.util.List.of(pin.substring(8)), c.pinnedPublicKeys());
        ShoalConfig d = config();
        assertEquals(0.0, d.globalRate());
        assertEquals(dev.shoal.RetryPolicy.DEFAULT_RETRY_STATUSES, d.retry().retryStatuses());
        assertFalse(d.retry().retryAllErrors());
        assertEquals(Duration.ZERO, d.retry().maxRetryTime());
    }

    @Test
    void ratesTakeCurlsUnits() {
        assertEquals(5.0, RateConverter.parse("5"));
        assertEquals(5.0, RateConverter.parse("5/s"));
        assertEquals(2.0, RateConverter.parse("120/M"));
        assertEquals(1.0 / 3600, RateConverter.parse("1/h"));
        assertEquals(1.0 / 86400, RateConverter.parse("1/d"));
        assertThrows(CommandLine.TypeConversionException.class, () -> RateConverter.parse("5/w"));
        assertThrows(CommandLine.TypeConversionException.class, () -> RateConverter.parse("-1/s"));
        assertThrows(CommandLine.TypeConversionException.class, () -> RateConverter.parse("fast"));
    }

    @Test
    void aClientCertificateNeedsItsKeyAndAPinItsSyntax() {
        Command1 command = new Command1();
        new CommandLine(command).parseArgs("--cert", "/etc/hostname");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> command.client.check());
        assertTrue(e.getMessage().contains("--cert needs --key"), e.getMessage());
        Command1 pinned = new Command1();
        new CommandLine(pinned).parseArgs("--pinnedpubkey", "sha256//short");
        e = assertThrows(IllegalArgumentException.class, () -> pinned.client.check());
        assertTrue(e.getMessage().startsWith("--pinnedpubkey"), e.getMessage());
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
        assertEquals("--io-threads must be from 1 to 1024",
                assertThrows(IllegalArgumentException.class, () -> config("--io-threads", "100000")).getMessage());
    }

    @Test
    void aUserAgentThatWouldSplitTheRequestIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("-A", "a\r\nX-Injected: 1"));
        assertTrue(e.getMessage().startsWith("-A: "), e.getMessage());
        assertEquals("ua/1\tx", config("-A", "ua/1\tx").userAgent(), "a tab is a field value's character");
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
