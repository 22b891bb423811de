package dev.shoal.flink;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One owner task per origin, and many origins spread evenly over few tasks, as Flink routes keyed records. */
class OriginKeyTest {
    private static final OriginKey KEY = new OriginKey();

    @Test
    void requestsToOneOriginShareAKeyHoweverTheUrlIsWritten() {
        String key = KEY.getKey(FetchRequest.get(0, "http://h.test/a"));
        assertEquals(key, KEY.getKey(FetchRequest.get(1, "HTTP://H.test:80/b?c")));
        assertEquals(key, KEY.getKey(FetchRequest.get(2, "http://user:pw@h.test/")));
        assertNotEquals(key, KEY.getKey(FetchRequest.get(3, "https://h.test/a")));
        assertNotEquals(key, KEY.getKey(FetchRequest.get(4, "http://h.test:8080/a")));
        assertNotEquals(key, KEY.getKey(FetchRequest.get(5, "http://other.test/a")));
    }

    @Test
    void linesWithoutAnOriginAreSpreadByIndex() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            keys.add(KEY.getKey(FetchRequest.get(i, "not a url")));
        }
        assertEquals(100, keys.size());
    }

    @Test
    void manyHostsSpreadEvenlyOverFewTasks() {
        int tasks = 4;
        int hosts = 10_000;
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(tasks);
        int[] perTask = new int[tasks];
        IntStream.range(0, hosts).forEach(h -> perTask[KeyGroupRangeAssignment.assignKeyToParallelOperator(
                KEY.getKey(FetchRequest.get(h, "https://host-" + h + ".example.test/page")), maxParallelism, tasks)]++);
        int fair = hosts / tasks;
        assertTrue(Arrays.stream(perTask).allMatch(n -> Math.abs(n - fair) < fair / 10),
                "hosts per task: " + Arrays.toString(perTask));
    }
}
