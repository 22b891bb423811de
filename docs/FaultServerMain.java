import dev.shoal.testkit.FaultServer;

/** Runs the testkit's fault server until killed; prints its port. Used by docs/report-run. */
public class FaultServerMain {
    public static void main(String[] args) throws Exception {
        FaultServer server = FaultServer.start();
        System.out.println(server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
