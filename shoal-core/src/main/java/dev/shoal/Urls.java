package dev.shoal;

import dev.shoal.internal.base.Origin;
import dev.shoal.internal.url.UrlParser;
import dev.shoal.internal.url.WebUrl;

/**
 * URLs as they may be shown: in rows, messages, logs and {@code toString()}, never with their credentials.
 */
public final class Urls {
    private Urls() {
    }

    /**
     * {@code url} without its user name and password, e.g. {@code http://u:pw@host/x} → {@code http://host/x};
     * otherwise as given, even when it is not a valid URL. Both parts go, not only the password: a token is
     * often the user name ({@code https://TOKEN@host/}). The cut is made on the text, the way the WHATWG parser
     * finds the credentials (after the scheme and any slashes, up to the last '@' before the path), so it
     * also covers input that fails to parse; where in doubt it removes more, not less ({@code user:pw@host}
     * and {@code mailto:a@b} keep only what follows the '@').
     *
     * @param url a URL, or any text; may be null
     * @return the text without credentials
     */
    public static String withoutCredentials(String url) {
        if (url == null || url.indexOf('@') < 0) {
            return url;
        }
        String cut = cutAsTheParserWould(url);
        return cut.indexOf('@') < 0 || isHttpUrl(url) ? cut : afterLastAt(url);
    }

    /**
     * The origin that Shoal's pools and per-host limits count a request to {@code url} against, as
     * {@code scheme://host[:port]} (host lower case, the port only when not the scheme's default), or null when
     * {@code url} is not a valid http or https URL. Two URLs share limits exactly when their origins are equal,
     * so this is the key to partition requests by when one owner per host must hold the limits.
     *
     * @param url the URL
     * @return the origin, or null
     */
    public static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            WebUrl parsed = UrlParser.parse(url);
            return new Origin(parsed.scheme(), parsed.hostName(), parsed.effectivePort()).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Text that is not a valid URL has no authority to go by: a user's {@code //u:pw@host/}, or
     * {@code http://u:pw#@host/}, would keep its password after the cut above. All up to the last '@' goes
     * then, keeping only a leading {@code scheme://} that holds no '@'.
     */
    private static String afterLastAt(String url) {
        int slashes = url.indexOf("//");
        String prefix = slashes >= 0 && slashes < url.indexOf('@') ? url.substring(0, slashes + 2) : "";
        return prefix + url.substring(url.lastIndexOf('@') + 1);
    }

    private static boolean isHttpUrl(String url) {
        try {
            UrlParser.parse(url);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String cutAsTheParserWould(String url) {
        int n = url.length();
        int i = 0;
        while (i < n && url.charAt(i) <= 0x20) i++;
        int schemeStart = i;
        while (i < n && isSchemeChar(url.charAt(i))) i++;
        boolean hasScheme = i > schemeStart && i < n && url.charAt(i) == ':';
        boolean special = false;
        int authorityStart = schemeStart;
        if (hasScheme) {
            String scheme = url.substring(schemeStart, i).toLowerCase(java.util.Locale.ROOT);
            special = switch (scheme) {
                case "http", "https", "ws", "wss", "ftp", "file" -> true;
                default -> false;
            };
            i++;
            int afterColon = i;
            while (i < n && (url.charAt(i) == '/' || url.charAt(i) == '\\' || url.charAt(i) == '\t'
                    || url.charAt(i) == '\n' || url.charAt(i) == '\r')) i++;
            // "user:pw@host" has the user name where a scheme would be: then the cut starts at the beginning
            authorityStart = special || i > afterColon ? i : schemeStart;
        }
        int at = -1;
        for (int j = authorityStart; j < n; j++) {
            char c = url.charAt(j);
            if (c == '/' || c == '?' || c == '#' || (special && c == '\\')) break;
            if (c == '@') at = j;
        }
        return at < 0 ? url : url.substring(0, authorityStart) + url.substring(at + 1);
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }
}
