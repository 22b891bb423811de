package dev.shoal.flink;

/**
 * {@link FetchJob} as a command on this machine ({@code java -cp ... dev.shoal.flink.StandaloneFetchJob}, a local
 * mini cluster): the only entry point that exits the JVM, with 0 when the job finished, 2 on a usage error
 * and 1 on a failure. Inside a Flink cluster use {@link FetchJob#main}, which throws instead.
 */
public final class StandaloneFetchJob {

    private StandaloneFetchJob() {
    }

    public static void main(String[] args) {
        System.exit(FetchJob.commandLine().execute(args));
    }
}
