package dev.shoal.cli.measure;

/**
 * What one measured phase (a column of the demo, a bench run) did.
 *
 * @param wallNanos     time from the first request sent to the last response received
 * @param cpuNanos      CPU time of the client: the process's, less the embedded server's threads
 * @param peakHeapBytes the heap's peak during the phase (each heap pool's peak, summed)
 * @param succeeded     requests answered 200 with the expected body size
 * @param firstFailure  what went wrong with the first request that did not, or null
 */
public record PhaseResult(long wallNanos, long cpuNanos, long peakHeapBytes, int requests, int succeeded, String firstFailure) {

    public double requestsPerSecond() {
        return requests / (wallNanos / 1e9);
    }

    public boolean allSucceeded() {
        return succeeded == requests;
    }
}
