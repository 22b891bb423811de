package dev.shoal.flink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.rows.Row;
import dev.shoal.testkit.FaultServer;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What exactly-once means here, tested honestly: a task fails after a checkpoint, Flink restarts the job
 * from that checkpoint, and the sink still holds exactly one row per request. The rows are exactly once
 * because the file sink commits only what a completed checkpoint covers; the requests themselves are
 * at least once: those in flight at the checkpoint (kept in the async operator's state) and those after it
 * are sent again. So the server sees more requests than there are rows.
 */
class ExactlyOnceAfterRestartTest {
    private static final int REQUESTS = 3000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aJobRestartedFromACheckpointStillWritesOneRowPerRequest() throws Exception {
        try (FaultServer server = FaultServer.start()) {
            java.nio.file.Path input = Files.write(dir.resolve("urls.txt"),
                    Collections.nCopies(REQUESTS, server.url("/delay/20")));  // long enough for a checkpoint to complete first, even on a busy machine
            java.nio.file.Path output = dir.resolve("out");
            FailOnceAfterACheckpoint.failures.set(0);

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            FetchJob.checkpointEvery(env, Duration.ofMillis(100));
            ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(8).maxPerHost(8).deadline(Duration.ofSeconds(10)));

            AsyncFetch.unordered(FetchJob.requestsFrom(env, Path.fromLocalFile(input.toFile())), config)
                    .map(new FailOnceAfterACheckpoint(200))
                    .sinkTo(FetchJob.jsonLinesTo(Path.fromLocalFile(output.toFile()), config));
            env.execute("restart after an injected failure");

            assertEquals(1, FailOnceAfterACheckpoint.failures.get(), "the injected failure did not happen once");
            List<JsonNode> rows = OutputRows.read(output);
            Map<Long, Long> counts = OutputRows.countByIndex(rows);
            assertEquals(LongStream.range(0, REQUESTS).boxed().toList(), List.copyOf(counts.keySet()));
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "an index has more than one row");
            assertEquals(REQUESTS, rows.size());
            assertTrue(rows.stream().allMatch(r -> r.get("status").asInt() == 200));
            assertTrue(server.requests() > REQUESTS,
                    "requests after the checkpoint are replayed, so the server saw more: " + server.requests());
        }
    }

    /** Passes rows on, but fails its task once, some rows after a checkpoint completed (the job then restarts). */
    static final class FailOnceAfterACheckpoint extends RichMapFunction<Row, Row> implements CheckpointListener {
        static final AtomicInteger failures = new AtomicInteger();

        private final int rowsAfterCheckpoint;
        private transient int seen;
        private transient boolean checkpointed;

        FailOnceAfterACheckpoint(int rowsAfterCheckpoint) {
            this.rowsAfterCheckpoint = rowsAfterCheckpoint;
        }

        @Override
        public Row map(Row row) {
            if (checkpointed && ++seen == rowsAfterCheckpoint && failures.compareAndSet(0, 1)) {
                throw new IllegalStateException("injected failure");
            }
            return row;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
