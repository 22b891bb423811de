package dev.shoal.flink;

import dev.shoal.testkit.LatencyServer;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows are visible in the output as soon as a checkpoint completes, while the job still runs: the sink rolls its
 * part files at every checkpoint, not when they grow large or old (a minute by Flink's default policy).
 */
class RowsVisibleAtCheckpointsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    java.nio.file.Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void rowsOfACompletedCheckpointAreCommittedWhileTheJobRuns() throws Exception {
        try (LatencyServer server = LatencyServer.start(1)) {
            // 2,000 requests of 20 ms, two at a time: about 20 s of work
            java.nio.file.Path input = Files.write(dir.resolve("urls.txt"), Collections.nCopies(2000, server.url("/delay/20")));
            java.nio.file.Path output = dir.resolve("out");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            FetchJob.checkpointEvery(env, Duration.ofMillis(500));
            ShoalFlinkConfig config = ShoalFlinkConfig.of(b -> b.maxInFlight(8).maxPerHost(2));
            AsyncFetch.unordered(AsyncFetch.partitionByOrigin(FetchJob.requestsFrom(env, Path.fromLocalFile(input.toFile()))), config)
                    .sinkTo(FetchJob.jsonLinesTo(Path.fromLocalFile(output.toFile()), config));

            JobClient job = env.executeAsync("rows at checkpoints");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (committedRows(output) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                int rows = committedRows(output);
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(10, TimeUnit.SECONDS), "the job ended first");
                assertTrue(rows > 0, "no row committed within 15 s of checkpoints every 0.5 s");
                assertTrue(rows < 2000, "all rows at once: " + rows);
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int committedRows(java.nio.file.Path output) throws java.io.IOException {
        return Files.isDirectory(output) ? OutputRows.read(output).size() : 0;
    }
}
