package dev.shoal.testkit.real;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure the Debian packages a real-server test needs are installed, so that {@code mvn verify} alone
 * works on a fresh machine of this project's kind (Debian, run as root), as {@code .ci/run} does up front.
 * Where it cannot install (not root, no apt-get), a missing package fails the test with the line to run.
 */
public final class DebianPackages {
    private static boolean updated;

    private DebianPackages() {
    }

    /** Installs whichever of {@code packages} are missing; throws when they cannot be had. */
    public static synchronized void ensure(String... packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            if (!installed(p)) missing.add(p);
        }
        if (missing.isEmpty()) {
            return;
        }
        String line = "apt-get install -y " + String.join(" ", missing);
        if (!"root".equals(System.getProperty("user.name")) || !new java.io.File("/usr/bin/apt-get").canExecute()) {
            throw new IllegalStateException("missing Debian packages " + missing + ": run " + line);
        }
        if (!updated) {
            run(List.of("apt-get", "update", "-qq"));
            updated = true;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"));
        install.addAll(missing);
        run(install);
        for (String p : missing) {
            if (!installed(p)) throw new IllegalStateException("could not install " + p + ": run " + line);
        }
    }

    static boolean installed(String pkg) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", pkg).redirectErrorStream(true).start();
            String status = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && status.contains("install ok installed");
        } catch (IOException e) {
            return false;  // no dpkg: not Debian; the binary lookup says what is missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 15 minutes");
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
