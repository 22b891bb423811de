package dev.shoal.cli.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class RowFlusherTest {

    private static void waitFor(AtomicInteger count, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void flushesOnItsOwnUntilClosed() throws InterruptedException {
        AtomicInteger flushes = new AtomicInteger();
        List<IOException> failures = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        RowFlusher flusher = RowFlusher.start(flushes::incrementAndGet, failures::add);
        waitFor(flushes, 1);
        assertTrue(flushes.get() >= 1, "no flush in 10 s");
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(firstMillis < 2_000, "first flush after " + firstMillis + " ms");
        waitFor(flushes, 3);
        flusher.close();
        Thread.sleep(3 * RowFlusher.PERIOD_MILLIS);
        int atClose = flushes.get();
        Thread.sleep(5 * RowFlusher.PERIOD_MILLIS);
        assertEquals(atClose, flushes.get(), "flushed after close");
        assertEquals(List.of(), failures);
    }

    @Test
    void aFailedFlushIsReportedOnceAndEndsTheFlushing() throws InterruptedException {
        AtomicInteger flushes = new AtomicInteger();
        List<IOException> failures = new CopyOnWriteArrayList<>();
        try (RowFlusher ignored = RowFlusher.start(() -> {
            flushes.incrementAndGet();
            throw new IOException("Broken pipe");
        }, failures::add)) {
            waitFor(flushes, 1);
            Thread.sleep(5 * RowFlusher.PERIOD_MILLIS);
            assertEquals(1, flushes.get());
            assertEquals(1, failures.size());
        }
    }
}
