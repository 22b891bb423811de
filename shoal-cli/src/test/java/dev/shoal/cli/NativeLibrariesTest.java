package dev.shoal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native libraries copied out of the jar once (what the launcher runs when the jar is new): each is copied
 * byte for byte, and a run given the options maps all of them from the copies, where without them each library
 * copies itself out of the jar into a temporary file.
 */
@Timeout(120)
class NativeLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void eachLibraryOfThisMachineIsCopiedByteForByteAndNamedInAnOption() throws IOException {
        List<String> options = NativeLibraries.copyTo(dir.resolve("native"));

        assertEquals(3, options.size(), options::toString);
        assertTrue(options.get(0).startsWith("-Djava.library.path=" + dir.resolve("native") + java.io.File.pathSeparator), options.get(0));
        assertTrue(options.get(1).startsWith("-Dbrotli4j.library.path="), options.get(1));
        assertTrue(options.get(2).startsWith("-DZstdNativePath="), options.get(2));
        for (String resource : List.of("META-INF/native/libnetty_transport_native_epoll_x86_64.so",
                "META-INF/native/libnetty_tcnative_linux_x86_64.so", "lib/linux-x86_64/libbrotli.so")) {
            assertArrayEquals(resource(resource), Files.readAllBytes(dir.resolve("native").resolve(resource.substring(resource.lastIndexOf('/') + 1))), resource);
        }
        Path zstd = Path.of(options.get(2).substring("-DZstdNativePath=".length()));
        assertTrue(Files.size(zstd) > 100_000, zstd::toString);
    }

    @Test
    void aRunGivenTheOptionsLoadsEveryLibraryFromTheCopies() throws Exception {
        Path natives = dir.resolve("native");
        NativeLibraries.main(new String[] {natives.toString()});
        List<String> options = Files.readAllLines(natives.resolve(NativeLibraries.OPTIONS_FILE));

        List<String> with = probe(options);
        List<String> without = probe(List.of());

        assertEquals("loaded: epoll true, openssl true, brotli true, zstd true", with.get(0), with::toString);
        List<String> mapped = with.subList(1, with.size());
        assertEquals(4, mapped.size(), mapped::toString);
        for (String line : mapped) {
            assertTrue(line.startsWith("mapped: " + natives + "/"), line);
        }
        // without the options, each library copied itself out of the jar into a temporary file
        assertEquals(with.get(0), without.get(0), without::toString);
        assertTrue(without.stream().filter(line -> line.startsWith("mapped: ")).noneMatch(line -> line.contains(natives.toString())),
                without::toString);
    }

    /** {@link NativeLibrariesProbe} in a child JVM with these options: what it loaded and where from. */
    private List<String> probe(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), NativeLibrariesProbe.class.getName()));
        Path output = dir.resolve("probe-" + options.size() + ".txt");
        Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        assertEquals(0, run.exitValue(), () -> "the probe failed: " + output);
        return Files.readAllLines(output);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return in.readAllBytes();
        }
    }
}
