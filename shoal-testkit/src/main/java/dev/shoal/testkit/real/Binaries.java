package dev.shoal.testkit.real;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the programs the real-server tests run, installing their Debian package first when it is missing
 * ({@link DebianPackages}); one that cannot be had is an error that names its package.
 */
final class Binaries {
    private Binaries() {
    }

    /**
     * Debian's Python interpreter, which has the packaged modules (httpbin, gunicorn, zstandard, brotli): not one
     * earlier on PATH (pyenv, a venv) that lacks them.
     */
    static String debianPython() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : require("python3", "python3");
    }

    /** The path of the first of {@code names} found on PATH or in the system binary folders. */
    static String require(String debianPackage, String... names) {
        String found = find(names);
        if (found == null) {
            DebianPackages.ensure(debianPackage);
            found = find(names);
        }
        if (found == null) {
            throw new IllegalStateException(names[0] + " not found: install the Debian package " + debianPackage
                    + " (apt-get install -y " + debianPackage + ")");
        }
        return found;
    }

    private static String find(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String name : names) {
            for (String dir : dirs) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
