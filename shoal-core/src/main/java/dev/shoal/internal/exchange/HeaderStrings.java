package dev.shoal.internal.exchange;

import dev.shoal.Headers;
import io.netty.util.AsciiString;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Copies response header fields into the Strings of a {@link Headers}, reusing the Strings of the previous
 * response on the same connection where a name or value repeats: responses of one server repeat nearly all
 * of them ({@code Content-Type: text/plain}, {@code Connection: keep-alive}, the same {@code Date} within a
 * second), and {@code gather} keeps every response, so fresh Strings for them would be most of an outcome's
 * heap. One per connection; used on its event loop only.
 */
public final class HeaderStrings {
    private static final String[] NONE = new String[0];

    private String[] previous = NONE;

    /**
     * The fields of {@code fields} (at most {@code maxFields}), HTTP/2 pseudo-headers ({@code :status}) left out.
     */
    public Headers copy(Iterator<Map.Entry<CharSequence, CharSequence>> fields, int maxFields) {
        String[] namesAndValues = new String[2 * maxFields];
        int n = 0;
        while (fields.hasNext() && n < namesAndValues.length) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            CharSequence name = field.getKey();
            if (name.length() > 0 && name.charAt(0) == ':') {
                continue;
            }
            namesAndValues[n] = name(name, n);
            namesAndValues[n + 1] = value(field.getValue(), n + 1);
            n += 2;
        }
        String[] copied = n == namesAndValues.length ? namesAndValues : Arrays.copyOf(namesAndValues, n);
        previous = copied;
        return Headers.of(copied);
    }

    /** The previous response's String at this place, else any of its names (a field added above shifts them). */
    private String name(CharSequence name, int i) {
        String[] p = previous;
        if (i < p.length && sameText(p[i], name)) {
            return p[i];
        }
        for (int j = 0; j < p.length; j += 2) {
            if (sameText(p[j], name)) {
                return p[j];
            }
        }
        return name.toString();
    }

    private String value(CharSequence value, int i) {
        String[] p = previous;
        return i < p.length && sameText(p[i], value) ? p[i] : value.toString();
    }

    /**
     * Whether {@code s} has the characters of {@code text}: String's own comparison for a String (the HTTP/1.1
     * decoder's values), a loop over the bytes of an AsciiString (its names, HTTP/2's fields); not the generic
     * CharSequence comparison, which calls charAt through an interface for every character.
     */
    static boolean sameText(String s, CharSequence text) {
        if (text instanceof String t) {
            return s.equals(t);
        }
        if (text instanceof AsciiString a) {
            int n = a.length();
            if (s.length() != n) {
                return false;
            }
            byte[] bytes = a.array();
            int offset = a.arrayOffset();
            for (int k = 0; k < n; k++) {
                if (s.charAt(k) != (char) (bytes[offset + k] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
        return AsciiString.contentEquals(s, text);
    }
}
