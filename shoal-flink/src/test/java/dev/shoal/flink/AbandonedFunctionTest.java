package dev.shoal.flink;

import dev.shoal.rows.Row;
import dev.shoal.testkit.LatencyServer;

import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that ended without closing its function (Flink skips {@code close} when disposing the operator's state
 * throws first) must not leave the function's client holding connections: the first row its mailbox refuses
 * closes the client, so the host sees the connections close although {@code close} was never called.
 */
class AbandonedFunctionTest {

    @Test
    @Timeout(30)
    void aRowTheEndedTaskRefusesClosesTheClientAndItsConnections() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            // idle connections would stay open for minutes: only closing the client closes them soon
            ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.idleTimeout(Duration.ofMinutes(5)));
            ShoalAsyncFunction function = new ShoalAsyncFunction(config);
            function.open(DefaultOpenContext.INSTANCE);

            CountDownLatch refused = new CountDownLatch(1);
            for (int i = 0; i < 3; i++) {
                function.asyncInvoke(FetchRequest.get(i, server.url("/delay/200?line=" + i)), new EndedTask(refused));
            }
            assertTrue(refused.await(10, TimeUnit.SECONDS), "no request was answered");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, server.openConnections(), "the abandoned client kept its connections open");
        }
    }

    /** The result future of a task whose mailbox is closed, as Flink's is once the task has ended. */
    private static final class EndedTask implements ResultFuture<Row> {
        private final CountDownLatch refused;

        EndedTask(CountDownLatch refused) {
            this.refused = refused;
        }

        @Override
        public void complete(Collection<Row> result) {
            refused.countDown();
            throw new RejectedExecutionException("mailbox closed");
        }

        @Override
        public void complete(CollectionSupplier<Row> results) {
            refused.countDown();
            throw new RejectedExecutionException("mailbox closed");
        }

        @Override
        public void completeExceptionally(Throwable error) {
            refused.countDown();
            throw new RejectedExecutionException("mailbox closed");
        }
    }
}
