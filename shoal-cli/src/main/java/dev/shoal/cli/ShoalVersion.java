package dev.shoal.cli;

import dev.shoal.ContentEncodings;
import dev.shoal.TlsProvider;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code --version}: the project version Maven wrote into version.txt, the Java running it, the TLS engine in use,
 * and the Content-Encodings decoded here (brotli and zstd only where their native code loads).
 */
public final class ShoalVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"shoal " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "TLS: " + TlsProvider.AUTO.describe(), "Encodings: " + ContentEncodings.describe()};
    }

    public static String version() {
        try (InputStream in = ShoalVersion.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
