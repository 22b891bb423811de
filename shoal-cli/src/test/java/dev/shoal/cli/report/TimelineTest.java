package dev.shoal.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void startsWithTenMillisecondBuckets() {
        Timeline timeline = new Timeline(300);
        timeline.record(T0 + 5, T0 + 25, 20_000, Outcome.OK);
        assertEquals(10, timeline.widthMs());
        assertEquals(3, timeline.size());
        assertEquals(T0, timeline.startMs(0));
        assertEquals(1, timeline.bucket(0).startedLatencies().count(), "latency where it started");
        assertEquals(1, timeline.bucket(2).ended(Outcome.OK), "outcome where it ended");
        assertNull(timeline.bucket(1).startedLatencies());
    }

    @Test
    void widensBucketsByTwoThenFiveAsTheRunGrows() {
        Timeline timeline = new Timeline(300);
        List<Long> widths = new ArrayList<>();
        for (long ms = 0; ms <= 3_600_000; ms += 500) {
            timeline.record(T0 + ms, T0 + ms + 1, 1_000, Outcome.OK);
            if (widths.isEmpty() || widths.get(widths.size() - 1) != timeline.widthMs()) {
                widths.add(timeline.widthMs());
            }
        }
        assertEquals(List.of(10L, 20L, 100L, 200L, 1_000L, 2_000L, 10_000L, 20_000L), widths);
        assertTrue(timeline.size() <= 300);
    }

    @Test
    void neverHoldsMoreBucketsThanItsMaximumAndLosesNoRow() {
        Timeline timeline = new Timeline(50);
        Random random = new Random(3);
        int rows = 100_000;
        for (int i = 0; i < rows; i++) {
            long start = T0 + random.nextInt(86_400_000);
            timeline.record(start, start + random.nextInt(60_000), 1, Outcome.values()[i % 4]);
            assertTrue(timeline.size() <= 50);
        }
        long ended = 0;
        long started = 0;
        for (int i = 0; i < timeline.size(); i++) {
            for (Outcome outcome : Outcome.values()) {
                ended += timeline.bucket(i).ended(outcome);
            }
            Latencies latencies = timeline.bucket(i).startedLatencies();
            started += latencies == null ? 0 : latencies.count();
        }
        assertEquals(rows, ended);
        assertEquals(rows, started);
    }

    @Test
    void placesARowThatStartedBeforeAllOthersInFront() {
        Timeline timeline = new Timeline(300);
        timeline.record(T0 + 1_000, T0 + 1_010, 10_000, Outcome.OK);
        timeline.record(T0, T0 + 2_000, 2_000_000, Outcome.FAILED);
        assertEquals(T0, timeline.startMs(0));
        assertEquals(2_000_000, timeline.bucket(0).startedLatencies().maxMs() * 1000, 20_000);
        long lastStart = timeline.startMs(timeline.size() - 1);
        assertTrue(lastStart <= T0 + 2_000 && T0 + 2_000 < lastStart + timeline.widthMs());
        assertEquals(1, timeline.bucket(timeline.size() - 1).ended(Outcome.FAILED));
    }
}
