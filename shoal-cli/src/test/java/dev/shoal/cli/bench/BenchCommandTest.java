package dev.shoal.cli.bench;

import dev.shoal.cli.InProcessShoal;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest {

    @Test
    void benchMeasuresEveryRequestAndPrintsRateCpuAndLatency() {
        InProcessShoal shoal = new InProcessShoal();
        int status = shoal.run("bench", "-n", "3000", "--warmup", "200", "-c", "16");
        assertEquals(0, status, shoal.err());
        String text = shoal.out();
        assertTrue(text.contains("3,000 GETs"), text);
        assertTrue(text.matches("(?s).*\\d req/s .*us/request.*"), text);
        assertTrue(text.contains("latency ms   p50"), text);
    }

    @Test
    void peersWithoutASourceTreeIsALocalError() {
        InProcessShoal shoal = new InProcessShoal();
        System.setProperty("shoal.home", "/nonexistent");
        try {
            assertEquals(1, shoal.run("bench", "--peers", "--quick"));
            assertTrue(shoal.err().contains("bench/run not found"), shoal.err());
        } finally {
            System.clearProperty("shoal.home");
        }
    }
}
