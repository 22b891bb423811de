package dev.shoal.testkit;

import java.nio.charset.StandardCharsets;

/** The body content every sized route serves: a repeating 64-character ASCII line, so it is text and compressible. */
final class DeterministicBytes {
    private static final byte[] PATTERN =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-\n".getBytes(StandardCharsets.US_ASCII);

    private DeterministicBytes() {
    }

    static byte[] of(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = PATTERN[i & 63];
        }
        return bytes;
    }
}
