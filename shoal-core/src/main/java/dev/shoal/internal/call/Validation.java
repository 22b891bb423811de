package dev.shoal.internal.call;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.FieldValues;
import dev.shoal.internal.base.Internal;

/** Refuses what must never be sent: a method that is not a token, a header name or value that could split the request. */
final class Validation {
    private Validation() {
    }

    static void check(Hop hop) {
        if (!isToken(hop.method())) {
            throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "invalid method: " + printable(hop.method()));
        }
        var headers = hop.headers();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!isToken(name)) {
                throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "invalid header name: " + printable(name));
            }
            if (!FieldValues.isFieldValue(headers.value(i))) {
                throw Internal.shoalException(ErrorKind.INVALID_REQUEST, "invalid value for header " + name + " (control character)");
            }
        }
    }

    /** RFC 9110 token: visible ASCII except delimiters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 64); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
