package dev.shoal.internal.base;

/** What may stand in an HTTP field value (RFC 9110 5.5): nothing that could end the field and split the request. */
public final class FieldValues {
    private FieldValues() {
    }

    /** No CR, LF, NUL or other control character except horizontal tab. */
    public static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
        }
        return true;
    }
}
