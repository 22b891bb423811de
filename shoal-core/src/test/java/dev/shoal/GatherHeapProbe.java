package dev.shoal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link LeanOutcomesTest}: gathers {@code n} requests to {@code url} and prints the heap
 * the outcomes hold, per outcome, measured as the used heap after a full GC with and without them. The requests
 * exist before the first measurement: they are the caller's, not the outcomes'. A third argument, in milliseconds,
 * keeps the outcomes alive that long after the measurement, for a heap histogram.
 */
public final class GatherHeapProbe {
    private GatherHeapProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        String url = args[0];
        int n = Integer.parseInt(args[1]);
        try (Shoal shoal = Shoal.builder().maxInFlight(64).maxPerHost(64).ioThreads(1).build()) {
            shoal.gather(List.of(Request.get(url), Request.get(url)));  // connections and classes ready
            List<Request> requests = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                requests.add(Request.get(url + "?i=" + i));
            }
            long before = usedHeapAfterGc();
            List<Outcome> outcomes = shoal.gather(requests);
            long after = usedHeapAfterGc();
            long failures = outcomes.stream().filter(o -> !o.isSuccess()).count();
            System.out.println("outcomes=" + outcomes.size() + " failures=" + failures
                    + " bytesPerOutcome=" + (after - before) / n);
            if (args.length > 2) {  // time to take a heap histogram of the outcomes (jcmd PID GC.class_histogram)
                Thread.sleep(Long.parseLong(args[2]));
            }
            System.out.println(outcomes.size());  // kept alive through the pause
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
