package dev.shoal.cli.bench;

import dev.shoal.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    static int run(StringWriter out, StringWriter err, String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void benchMeasuresEveryRequestAndPrintsRateCpuAndLatency() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = run(out, err, "bench", "-n", "3000", "--warmup", "200", "-c", "16");
        assertEquals(0, status, err.toString());
        String text = out.toString();
        assertTrue(text.contains("3,000 GETs"), text);
        assertTrue(text.matches("(?s).*\\d req/s .*us/request.*"), text);
        assertTrue(text.contains("latency ms   p50"), text);
    }

    @Test
    void peersWithoutASourceTreeIsALocalError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        System.setProperty("shoal.home", "/nonexistent");
        try {
            assertEquals(1, run(out, err, "bench", "--peers", "--quick"));
            assertTrue(err.toString().contains("bench/run not found"), err.toString());
        } finally {
            System.clearProperty("shoal.home");
        }
    }
}
