package dev.shoal.cli.demo;

import dev.shoal.cli.measure.PhaseResult;
import dev.shoal.cli.InProcessShoal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    @Test
    void demoFetchesTheBatchBothWaysAndPrintsTheMeasuredComparison() {
        InProcessShoal shoal = new InProcessShoal();
        int status = shoal.run("demo", "-n", "20", "--latency-ms", "20", "-c", "10");

        assertEquals(0, status, shoal.err());
        String table = shoal.out();
        for (String row : List.of("execution model", "wall time", "requests/s", "CPU time", "peak memory (heap)", "speed-up")) {
            assertTrue(table.contains("\n" + row + " "), row + " missing in:\n" + table);
        }
        assertTrue(table.matches("(?s).*succeeded\\s+20/20\\s+20/20.*"), table);
        assertTrue(table.contains("ideal: 0.40 s one at a time, 0.04 s with 10 in flight"), table);
    }

    @Test
    void speedUpIsTheRatioOfWallTimesAndEveryFigureHasItsUnit() {
        PhaseResult sync = new PhaseResult(10_000_000_000L, 900_000_000L, 14_200_000L, 200, 200, null);
        PhaseResult async = new PhaseResult(250_000_000L, 170_000_000L, 12_500_000L, 200, 200, null);

        List<String> table = ComparisonTable.render(sync, async, 100);

        assertEquals(List.of(
                "                     synchronous (one at a time)          Shoal (asynchronous)",
                "execution model      blocking HttpClient.send, 1 thread   event loop, 100 in flight",
                "wall time            10.00 s                              0.25 s",
                "requests/s           20.0                                 800.0",
                "CPU time             0.90 s                               0.17 s",
                "peak memory (heap)   14.2 MB                              12.5 MB",
                "speed-up             1.0x                                 40.0x",
                "succeeded            200/200                              200/200"), table);
    }
}
