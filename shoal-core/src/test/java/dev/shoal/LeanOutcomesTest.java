package dev.shoal;

import dev.shoal.testkit.LatencyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code gather} keeps every outcome by contract, so each must be small: 100,000 outcomes of small responses fit a
 * client JVM with a 64 MB heap, next to the 100,000 requests themselves.
 */
class LeanOutcomesTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void hundredThousandOutcomesFitSixtyFourMegabytes() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dio.netty.leakDetection.level=disabled",
                    "-cp", System.getProperty("java.class.path"), GatherHeapProbe.class.getName(),
                    server.url("/"), "100000")
                    .redirectErrorStream(true)
                    .start();
            List<String> output;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                output = out.lines().collect(Collectors.toList());
            }
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM ended");
            String all = String.join("\n", output);
            assertEquals(0, child.exitValue(), all);
            String result = output.stream().filter(l -> l.startsWith("outcomes=")).findFirst().orElse(all);
            assertTrue(result.startsWith("outcomes=100000 failures=0 "), result);
            System.out.println("LeanOutcomesTest: " + result);
        }
    }
}
