package dev.shoal.cli;

import io.netty.util.internal.PlatformDependent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Copies the native libraries a run loads (Netty's epoll transport and BoringSSL, brotli4j, zstd-jni) out of the
 * jar once, into a directory beside it, and names the JVM options that make each library load from there.
 * Left to themselves, each of these libraries copies its native code out of the jar into a new temporary file on
 * every start, then loads and deletes it: a few megabytes inflated and written before the first request of every
 * run. The launcher runs this when the jar is new, and passes the options it wrote to every run after.
 *
 * <p>A library whose code is not in the jar for this machine is left out: it then finds its code as it always
 * did (or reports itself unavailable, as {@code shoal --version} shows).
 */
public final class NativeLibraries {
    /** The file, in the directory given, that holds the JVM options: one per line. */
    public static final String OPTIONS_FILE = "jvm.options";

    private NativeLibraries() {
    }

    /**
     * {@code NativeLibraries DIR}: copies this machine's native libraries into DIR (made if missing) and writes
     * the options that load them to DIR/{@value #OPTIONS_FILE}. Exits 1 when the directory cannot be written.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: NativeLibraries DIR");
            System.exit(2);
        }
        try {
            Path dir = Path.of(args[0]);
            Path partial = dir.resolve(OPTIONS_FILE + ".part");
            Files.writeString(partial, String.join("\n", copyTo(dir)) + "\n");
            Files.move(partial, dir.resolve(OPTIONS_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("shoal: cannot copy the native libraries: " + e);
            System.exit(1);
        }
    }

    /** Copies the libraries found for this machine into {@code dir} and returns the JVM options that load them. */
    static List<String> copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> options = new ArrayList<>();
        // Netty tries System.loadLibrary before its own copy out of the jar, under the name it would copy to
        boolean netty = copy("META-INF/native/" + System.mapLibraryName(nettyName("netty_transport_native_epoll")), dir);
        netty |= copy("META-INF/native/" + System.mapLibraryName(nettyName("netty_tcnative_" + PlatformDependent.normalizedOs())), dir);
        if (netty) {
            String inherited = System.getProperty("java.library.path", "");
            options.add("-Djava.library.path=" + dir.toAbsolutePath() + (inherited.isEmpty() ? "" : File.pathSeparator + inherited));
        }
        String brotli = "lib/" + brotliPlatform() + "/" + System.mapLibraryName("brotli");
        if (copy(brotli, dir)) {
            options.add("-Dbrotli4j.library.path=" + dir.resolve(fileName(brotli)).toAbsolutePath());
        }
        String zstd = zstdResource();
        if (zstd != null && copy(zstd, dir)) {
            options.add("-DZstdNativePath=" + dir.resolve(fileName(zstd)).toAbsolutePath());
        }
        return options;
    }

    private static String nettyName(String base) {
        return base + "_" + PlatformDependent.normalizedArch();
    }

    /** brotli4j's name for this platform, as its loader spells it ({@code linux-x86_64}, {@code linux-aarch64}). */
    private static String brotliPlatform() {
        String arch = System.getProperty("os.arch", "");
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm" -> "armv7";
            default -> arch;
        };
        return PlatformDependent.normalizedOs() + "-" + cpu;
    }

    /**
     * zstd-jni's resource for this platform, {@code OS/ARCH/libzstd-jni-VERSION.so} as its loader looks it up;
     * null without zstd-jni. The version is read when this runs, not compiled in, so that it follows the jar.
     */
    private static String zstdResource() {
        String version;
        try {
            version = (String) Class.forName("com.github.luben.zstd.util.ZstdVersion").getField("VERSION").get(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replace(' ', '_');
        return os + "/" + System.getProperty("os.arch", "") + "/" + System.mapLibraryName("zstd-jni-" + version);
    }

    private static String fileName(String resource) {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** Copies one resource into {@code dir} under its own file name; false when this jar does not hold it. */
    private static boolean copy(String resource, Path dir) throws IOException {
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Path target = dir.resolve(fileName(resource));
            Path partial = dir.resolve(fileName(resource) + ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }
}
