package dev.shoal.internal.cookie;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A jar read from and written to curl's cookie files ({@link NetscapeCookies}). Writing is atomic: a temporary
 * file beside the target, readable by its owner only (the values are credentials), then renamed over it, so a
 * reader never sees half a file and a crash leaves the old one.
 */
public final class CookieFiles {
    private CookieFiles() {
    }

    /** What a load did: the cookies kept, and the lines skipped as not cookies. */
    public record Loaded(int cookies, int skipped) {
    }

    /** Adds the unexpired cookies of {@code file} to {@code jar}. */
    public static Loaded load(CookieJar jar, Path file, long nowMillis) throws IOException {
        NetscapeCookies.Parsed parsed = NetscapeCookies.parse(Files.readString(file, StandardCharsets.UTF_8));
        int before = jar.size();
        jar.load(parsed.cookies(), nowMillis);
        return new Loaded(jar.size() - before, parsed.skipped());
    }

    /** Writes the jar's unexpired cookies to {@code file}, replacing it at once; returns how many. */
    public static int save(CookieJar jar, Path file, long nowMillis) throws IOException {
        var cookies = jar.snapshot(nowMillis);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        }
        try {
            Files.writeString(tmp, NetscapeCookies.format(cookies), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return cookies.size();
    }
}
