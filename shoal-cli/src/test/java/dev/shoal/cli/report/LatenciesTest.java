package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void answersTheSameWhetherTheValuesAreFewOrMany() {
        Latencies few = Latencies.compact();
        Latencies many = Latencies.compact();
        for (int ms = 1; ms <= 10; ms++) {
            few.record(ms * 1000L);
            many.record(ms * 1000L);
        }
        for (int i = 0; i < 100; i++) {
            many.record(5_000);
        }
        assertEquals(10, few.count());
        assertEquals(5, few.percentileMs(50), 0.05);
        assertEquals(10, few.maxMs());
        assertEquals(1, few.minMs());
        assertEquals(5, many.percentileMs(50), 0.05);
        assertEquals(110, many.count());
    }

    @Test
    void mergingKeepsCountsAndExactExtremes() {
        Latencies into = Latencies.compact();
        for (int i = 0; i < 40; i++) {
            into.record(2_000);
        }
        Latencies small = Latencies.compact();
        small.record(123_456);
        small.record(7);
        into.add(small);
        Latencies large = Latencies.compact();
        for (int i = 0; i < 30; i++) {
            large.record(3_000);
        }
        into.add(large);
        assertEquals(72, into.count());
        assertEquals(123.456, into.maxMs());
        assertEquals(0.007, into.minMs());
        into.reset();
        assertEquals(0, into.count());
        assertEquals(0, into.maxMs());
    }
}
