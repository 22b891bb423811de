package dev.shoal.internal.url;

import java.net.IDN;
import java.util.Locale;

/**
 * A domain to ASCII, as near to UTS #46 ToASCII (non-transitional, CheckHyphens and STD3 rules off, no DNS
 * length check: what the URL Standard asks) as the JDK allows. Labels are split on '.' and the three other
 * full stops UTS #46 maps to it; an ASCII label is lower-cased, an {@code xn--} one must be Punycode that
 * decodes to a label which encodes back to it; any other label is mapped with {@link IDN} (IDNA 2003,
 * nameprep of Unicode 3.2) and encoded with Punycode.
 *
 * <p>Where IDNA 2003 and UTS #46 part, this follows UTS #46: ß and final sigma ς are kept (IDNA 2003 turns
 * them into "ss" and σ), code points unassigned in the JDK's Unicode are refused. What remains different:
 * ZWJ and ZWNJ are refused everywhere (UTS #46 allows them after a virama and ZWNJ in some joining contexts);
 * a non-ASCII label over 63 code points is refused; characters assigned after Unicode 3.2 get no
 * compatibility mapping (only the JDK's lower-casing); bidi rules are those of IDNA 2003 rather than
 * RFC 5893; UTS #46's disallowed code points are refused only where nameprep prohibits them too. On
 * generated hosts mixing IDN labels, these leave no disagreement with the reference implementation
 * ({@code WhatwgUrlDifferentialTest}).
 */
final class Idna {
    private Idna() {
    }

    static String toAscii(String domain) {
        if (isAscii(domain)) {
            String lower = domain.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("xn--") && !lower.contains(".xn--")) {
                return lower;  // the common case: UTS #46 only lower-cases ASCII labels
            }
        }
        String d = domain.replace('\u3002', '.').replace('\uFF0E', '.').replace('\uFF61', '.');
        StringBuilder out = new StringBuilder(d.length() + 8);
        int start = 0;
        while (true) {
            int dot = d.indexOf('.', start);
            String label = d.substring(start, dot < 0 ? d.length() : dot);
            out.append(labelToAscii(label));
            if (dot < 0) {
                return out.toString();
            }
            out.append('.');
            start = dot + 1;
        }
    }

    private static String labelToAscii(String label) {
        if (isAscii(label)) {
            String lower = label.toLowerCase(Locale.ROOT);
            if (lower.startsWith("xn--")) {
                checkPunycode(lower);
            }
            return lower;
        }
        if (label.indexOf('\u200c') >= 0 || label.indexOf('\u200d') >= 0) {
            throw new UrlException("zero-width joiner in host");
        }
        String mapped = map(label);
        String ascii = isAscii(mapped) ? mapped : "xn--" + Punycode.encode(mapped);
        if (ascii.startsWith("xn--") && isAscii(mapped)) {
            checkPunycode(ascii);
        }
        return ascii;
    }

    /**
     * The label mapped as UTS #46 maps it (IDNA 2003's nameprep, then lower case, but ß and ς kept and the
     * code points UTS #46 ignores removed first), and checked: no unassigned code point, no combining mark first.
     */
    private static String map(String label) {
        StringBuilder out = new StringBuilder(label.length());
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i <= label.length(); i++) {
            char c = i < label.length() ? label.charAt(i) : 0;
            if (i == label.length() || c == 'ß' || c == 'ς' || c == '\u1E9E') {
                if (piece.length() > 0) {
                    out.append(nameprep(piece.toString()));
                    piece.setLength(0);
                }
                if (i < label.length()) {
                    out.append(c == 'ς' ? 'ς' : 'ß');
                }
            } else if (!isIgnored(c)) {
                piece.append(c);
            }
        }
        String mapped = out.toString().toLowerCase(Locale.ROOT);
        for (int i = 0; i < mapped.length(); ) {
            int cp = mapped.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                throw new UrlException("host has a code point that IDNA disallows");
            }
            if (i == 0 && (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK)) {
                throw new UrlException("host label starts with a combining mark");
            }
            i += Character.charCount(cp);
        }
        return mapped;
    }

    /** Code points UTS #46 maps to nothing: soft hyphen, zero-width space and no-break, variation selectors. */
    private static boolean isIgnored(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u200B' || c == '\u2060' || c == '\uFEFF'
                || (c >= '\u180B' && c <= '\u180D') || (c >= '\uFE00' && c <= '\uFE0F');
    }

    private static String nameprep(String piece) {
        try {
            String ascii = IDN.toASCII(piece, IDN.ALLOW_UNASSIGNED);
            return ascii.regionMatches(true, 0, "xn--", 0, 4) && !piece.regionMatches(true, 0, "xn--", 0, 4)
                    ? IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED) : ascii.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new UrlException("host is not a valid internationalized domain name");
        }
    }

    /** An {@code xn--} label must be valid Punycode whose decoding maps and encodes back to it (UTS #46 4.1). */
    private static void checkPunycode(String label) {
        String unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);  // returns its input when it fails
        if (unicode.equals(label) || isAscii(unicode) || !label.equals(labelToAscii(unicode))) {
            throw new UrlException("invalid Punycode label in host");
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}
