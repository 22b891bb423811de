package dev.shoal.cli;

import dev.shoal.ContentEncodings;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads each native library a run may use, then prints the file each was mapped from (for NativeLibrariesTest). */
public final class NativeLibrariesProbe {
    private NativeLibrariesProbe() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("loaded: epoll " + Epoll.isAvailable() + ", openssl " + OpenSsl.isAvailable() + ", brotli "
                + ContentEncodings.brotli() + ", zstd " + ContentEncodings.zstd());
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.matches(".*(netty_transport_native_epoll|netty_tcnative|brotli|zstd).*\\.so.*"))
                .map(line -> line.substring(line.indexOf('/')))
                .distinct()
                .forEach(file -> System.out.println("mapped: " + file));
    }
}
