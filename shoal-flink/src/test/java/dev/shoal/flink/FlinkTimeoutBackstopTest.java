package dev.shoal.flink;

import dev.shoal.ErrorKind;
import dev.shoal.rows.Row;
import dev.shoal.testkit.FaultServer;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When Flink's timeout fires before Shoal answers (here: no deadline at all), the element still gets a row. */
class FlinkTimeoutBackstopTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void flinksTimeoutGivesATimeoutRowInsteadOfFailingTheJob() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            DataStream<FetchRequest> requests = env.fromData(
                    FetchRequest.get(0, server.url("/never")), FetchRequest.get(1, server.url("/status/200")));
            ShoalFlinkConfig noDeadline = ShoalFlinkConfig.of(b -> b.deadline(Duration.ZERO));

            // long enough for a client's first request on a loaded machine, which /status/200 must still answer
            List<Row> rows = AsyncDataStream.unorderedWait(requests, new ShoalAsyncFunction(noDeadline),
                    3_000, TimeUnit.MILLISECONDS, 8).executeAndCollect(10);

            rows = rows.stream().sorted(Comparator.comparingLong(Row::index)).toList();
            assertEquals(2, rows.size());
            Row timedOut = rows.get(0);
            assertEquals(ErrorKind.TIMEOUT, timedOut.errorKind());
            assertTrue(timedOut.errorMessage().startsWith("Flink's async timeout passed"), timedOut.errorMessage());
            // Flink's timer runs from a moment before asyncInvoke, on another clock: allow it to look early
            assertTrue(timedOut.elapsedNanos() >= 2_400_000_000L, "elapsed " + timedOut.elapsedNanos() + " ns");
            assertEquals(200, rows.get(1).status());
        }
    }
}
