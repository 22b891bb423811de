package dev.shoal.cli.fetch;

/** Parses -H values ("Name: value") and checks header names and method tokens (RFC 9110 5.1, 5.5). */
final class HeaderOption {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderOption() {
    }

    /** {name, value} with the value trimmed, or null when the name is not a token or the value has CR, LF or NUL. */
    static String[] parse(String header) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (!isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            return null;
        }
        return new String[] {name, value};
    }

    /**
     * How a refused -H value is named in its usage error: by its header name when that is a token, never by its
     * value, which may be a credential (Authorization, Cookie); a name that is no token may hold one too.
     */
    static String shown(String header) {
        int colon = header.indexOf(':');
        String name = colon > 0 ? header.substring(0, colon).trim() : "";
        return isToken(name) ? "-H '" + name + ": ...'" : "-H";
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
