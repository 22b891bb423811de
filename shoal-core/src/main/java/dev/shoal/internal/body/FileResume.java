package dev.shoal.internal.body;

import dev.shoal.internal.base.Internal;
import dev.shoal.ErrorKind;
import dev.shoal.Headers;
import dev.shoal.ShoalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What lets a {@link dev.shoal.BodySink#resumableFile} download continue where an earlier one stopped: beside
 * {@code NAME.part} (the bytes so far), {@code NAME.part.resume} holds the URL's SHA-256 (a URL may carry
 * credentials; the file must not) and the validator the server
 * gave (a strong ETag, else Last-Modified). A later download of the same URL asks for the rest with
 * {@code Range: bytes=N-} and {@code If-Range: validator}: the server sends 206 from byte N only if its body
 * is still the one the partial file holds, and the whole body (200) otherwise. Pure rules plus small file
 * reads and writes; no sockets.
 */
public final class FileResume {
    private FileResume() {
    }

    /** A partial file of {@code bytes} to continue, if the server's body still matches {@code validator}. */
    public record Point(long bytes, String validator) {
        /** The request's headers, asking for the rest: identity encoding, for bytes that map onto the file's. */
        public Headers apply(Headers headers) {
            return headers.with("Range", "bytes=" + bytes + "-").with("If-Range", validator)
                    .with("Accept-Encoding", "identity");
        }
    }

    public static Path part(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    public static Path sidecar(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.resume");
    }

    /** The partial download of {@code url} into {@code target} that may be continued, or null. */
    public static Point probe(Path target, String url) {
        try {
            Path sidecar = sidecar(target);
            Path part = part(target);
            if (!Files.isRegularFile(sidecar) || !Files.isRegularFile(part)) {
                return null;
            }
            List<String> lines = Files.readAllLines(sidecar, StandardCharsets.UTF_8);
            long size = Files.size(part);
            if (lines.size() < 2 || !lines.get(0).equals(key(url)) || lines.get(1).isEmpty() || size == 0) {
                return null;
            }
            return new Point(size, lines.get(1));
        } catch (IOException | RuntimeException unreadable) {
            return null;  // nothing to continue: the download starts over
        }
    }

    /**
     * The validator that can guard a later {@code If-Range}, from a response's headers: a strong ETag, else
     * Last-Modified; null when there is none, or when the body is Content-Encoded (its decoded bytes, which
     * the file holds, do not map onto the server's byte ranges).
     */
    public static String validator(Headers response) {
        String encoding = response.get("Content-Encoding");
        if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
            return null;
        }
        String etag = response.get("ETag");
        if (etag != null && !etag.isBlank() && !etag.trim().startsWith("W/")) {
            return etag.trim();  // If-Range compares strongly: a weak ETag never matches
        }
        String modified = response.get("Last-Modified");
        return modified == null || modified.isBlank() ? null : modified.trim();
    }

    /**
     * Whether a 206's Content-Range ({@code bytes FIRST-LAST/LENGTH}) is the rest of a file of {@code offset}
     * bytes: it starts there and runs to the body's end (a server may send less than asked; kept, those bytes
     * would make a file that looks complete but is not).
     */
    public static boolean continuesAt(String contentRange, long offset) {
        if (contentRange == null) {
            return false;
        }
        String v = contentRange.trim().toLowerCase(Locale.ROOT);
        int dash = v.indexOf('-');
        int slash = v.indexOf('/');
        if (!v.startsWith("bytes ") || dash < 0 || slash < dash) {
            return false;
        }
        try {
            long first = Long.parseLong(v.substring(6, dash).trim());
            long last = Long.parseLong(v.substring(dash + 1, slash).trim());
            String length = v.substring(slash + 1).trim();
            return first == offset && last >= first && (length.equals("*") || last == Long.parseLong(length) - 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The length of the whole file a 206 completes ({@code bytes FIRST-LAST/LENGTH}: LAST + 1), to check the
     * rest arrived whole: a body delimited by the connection's close looks complete when cut short. -1 when the
     * Content-Range does not say.
     */
    public static long fileEnd(String contentRange) {
        if (contentRange == null) {
            return -1;
        }
        String v = contentRange.trim();
        int dash = v.indexOf('-');
        int slash = v.indexOf('/');
        if (isUnsatisfied(v)) {
            return wholeLength(v);  // a 416's: the length of the whole body
        }
        if (dash < 0 || slash < dash) {
            return -1;
        }
        try {
            return Long.parseLong(v.substring(dash + 1, slash).trim()) + 1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a Content-Range names no range, only the whole body's length after {@code bytes *} and a slash (a 416's). */
    private static boolean isUnsatisfied(String contentRange) {
        return contentRange.trim().toLowerCase(Locale.ROOT).startsWith("bytes */");
    }

    /** The whole body's length, after the slash of a 416's Content-Range (an unsatisfied range), or -1. */
    private static long wholeLength(String contentRange) {
        try {
            return Long.parseLong(contentRange.substring("bytes */".length()).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Notes how to continue {@code url} into {@code target}, or forgets it when {@code validator} is null. */
    public static void remember(Path target, String url, String validator) throws IOException {
        if (validator == null || validator.indexOf('\n') >= 0 || validator.indexOf('\r') >= 0) {
            forget(target);
            return;
        }
        Files.writeString(sidecar(target), key(url) + "\n" + validator + "\n", StandardCharsets.UTF_8);
    }

    /**
     * How many bytes of the partial file a response lets us keep, for a request that asked for the rest from
     * {@code asked} (null: asked for nothing): all of them for a 206 that is the rest of the same body, none for
     * anything else (200: the server sent the whole body again).
     *
     * @throws ShoalException {@code protocol} for a 206 that is not the rest of the partial file: another range,
     *                        or another body than the one If-Range named (a server that ignored it)
     */
    public static long keep(Point asked, int status, Headers response) {
        if (asked != null && status == 416 && isWhole(asked, response)) {
            return asked.bytes();  // the partial file is the whole body (cut between its last byte and its rename)
        }
        if (asked == null || status != 206) {
            return 0;
        }
        if (!continuesAt(response.get("Content-Range"), asked.bytes())
                || (response.get("Content-Encoding") != null && validator(response) == null)) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "206 Partial Content that is not the rest of the partial file (asked for bytes "
                    + asked.bytes() + "-, got Content-Range: " + response.get("Content-Range") + ")");
        }
        if (!sameBody(asked.validator(), response)) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "206 Partial Content of another body than the partial file's (If-Range: "
                    + asked.validator() + ", got " + validator(response) + ")");
        }
        return asked.bytes();
    }

    /** Whether a 416 says the partial file is as long as the whole body of the validator's version. */
    private static boolean isWhole(Point asked, Headers response) {
        String range = response.get("Content-Range");
        return range != null && isUnsatisfied(range) && fileEnd(range) == asked.bytes()
                && sameBody(asked.validator(), response);
    }

    /**
     * Whether a 206 may be the body {@code validator} named: a strong ETag, or a Last-Modified, of the same
     * kind as the validator must equal it; a 206 without one is taken at its word.
     */
    private static boolean sameBody(String validator, Headers response) {
        boolean etag = validator.startsWith("\"");
        String now = etag ? response.get("ETag") : response.get("Last-Modified");
        if (now == null || now.isBlank() || (etag && now.trim().startsWith("W/"))) {
            return true;
        }
        return now.trim().equals(validator);
    }

    private static String key(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public static void forget(Path target) throws IOException {
        Files.deleteIfExists(sidecar(target));
    }
}
