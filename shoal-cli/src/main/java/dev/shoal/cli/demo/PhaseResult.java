package dev.shoal.cli.demo;

/**
 * What one column of the comparison measured.
 *
 * @param wallNanos     time from the first request sent to the last response received
 * @param cpuNanos      CPU time of the client: the process's, less the embedded server's threads
 * @param peakHeapBytes the heap's peak during the phase (each heap pool's peak, summed)
 * @param succeeded     requests answered 200 with the expected body size
 * @param firstFailure  what went wrong with the first request that did not, or null
 */
record PhaseResult(long wallNanos, long cpuNanos, long peakHeapBytes, int requests, int succeeded, String firstFailure) {

    double requestsPerSecond() {
        return requests / (wallNanos / 1e9);
    }

    boolean allSucceeded() {
        return succeeded == requests;
    }
}
