package dev.shoal.internal.url;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The standard's percent-encode sets, and UTF-8 percent-encoding and percent-decoding by them. */
final class PercentEncoding {
    /** A percent-encode set: which code points are written as %XX of their UTF-8 bytes. */
    enum Set {
        FRAGMENT(" \"<>`"),
        QUERY(" \"#<>"),
        SPECIAL_QUERY(" \"#<>'"),
        PATH(" \"#<>?`{}^"),
        USERINFO(" \"#<>?`{}^/:;=@[\\]|");

        private final boolean[] ascii = new boolean[0x80];

        Set(String extra) {
            for (int c = 0; c < 0x20; c++) ascii[c] = true;  // the C0 control set
            ascii[0x7f] = true;
            for (int i = 0; i < extra.length(); i++) ascii[extra.charAt(i)] = true;
        }

        boolean encodes(int codePoint) {
            return codePoint >= 0x80 || ascii[codePoint];
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** Appends {@code codePoint}, percent-encoded as UTF-8 when {@code set} says so. */
    static void append(StringBuilder out, int codePoint, Set set) {
        if (!set.encodes(codePoint)) {
            out.append((char) codePoint);
        } else if (codePoint < 0x80) {
            byteOut(out, codePoint);
        } else if (codePoint < 0x800) {
            byteOut(out, 0xc0 | (codePoint >> 6));
            byteOut(out, 0x80 | (codePoint & 0x3f));
        } else if (codePoint < 0x10000) {
            byteOut(out, 0xe0 | (codePoint >> 12));
            byteOut(out, 0x80 | ((codePoint >> 6) & 0x3f));
            byteOut(out, 0x80 | (codePoint & 0x3f));
        } else {
            byteOut(out, 0xf0 | (codePoint >> 18));
            byteOut(out, 0x80 | ((codePoint >> 12) & 0x3f));
            byteOut(out, 0x80 | ((codePoint >> 6) & 0x3f));
            byteOut(out, 0x80 | (codePoint & 0x3f));
        }
    }

    private static void byteOut(StringBuilder out, int b) {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }

    /** The bytes of {@code s} (UTF-8) with each %XX replaced by its byte; a % not followed by two hex digits stays. */
    static byte[] decode(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length && in[i] == '%' ? hex(in[i + 1]) : -1;
            int lo = hi >= 0 ? hex(in[i + 2]) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    /** Percent-decodes {@code s} and reads the bytes as UTF-8 (an invalid sequence becomes U+FFFD). */
    static String decodeToString(String s) {
        return s.indexOf('%') < 0 ? s : new String(decode(s), StandardCharsets.UTF_8);
    }

    static int hex(int c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
