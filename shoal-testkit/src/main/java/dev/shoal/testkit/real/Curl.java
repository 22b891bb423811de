package dev.shoal.testkit.real;

import java.util.ArrayList;
import java.util.List;

/** curl (Debian package {@code curl}) as the reference client: what it receives is what a body should be. */
public final class Curl {
    private Curl() {
    }

    /**
     * The body curl gets for {@code url} with {@code --compressed} (decoded as curl decodes it), after any extra
     * arguments such as {@code -A} or {@code -H}; no redirects followed, no proxy from the environment.
     */
    public static byte[] body(String url, String... args) {
        List<String> command = new ArrayList<>(List.of(Binaries.require("curl", "curl"),
                "--silent", "--show-error", "--compressed", "--noproxy", "*", "--max-time", "20"));
        command.addAll(List.of(args));
        command.add(url);
        return Commands.run(command, null, 30);
    }
}
