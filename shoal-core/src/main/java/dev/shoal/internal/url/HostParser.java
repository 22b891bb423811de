package dev.shoal.internal.url;

/**
 * The standard's host parser for special schemes: an IPv6 address in brackets, else the percent-decoded
 * domain through IDNA to ASCII, then an IPv4 address when it ends in a number. Returns the host serialized
 * (IPv6 in brackets, compressed; IPv4 dotted decimal), or throws {@link UrlException}.
 *
 * <p>IDNA: see {@link Idna} for how near to UTS #46 the JDK lets it come.
 */
final class HostParser {
    private HostParser() {
    }

    static String parse(String input) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]")) {
                throw new UrlException("unclosed IPv6 address");
            }
            return "[" + serializeIpv6(parseIpv6(input.substring(1, input.length() - 1))) + "]";
        }
        String ascii = domainToAscii(PercentEncoding.decodeToString(input));
        if (endsInANumber(ascii)) {
            return serializeIpv4(parseIpv4(ascii));
        }
        return ascii;
    }

    static String domainToAscii(String domain) {
        String result = Idna.toAscii(domain);
        if (result.isEmpty()) {
            throw new UrlException("empty host");
        }
        for (int i = 0; i < result.length(); i++) {
            if (isForbiddenDomainCodePoint(result.charAt(i))) {
                throw new UrlException(describe(result.charAt(i)) + " in host");
            }
        }
        return result;
    }

    static boolean isForbiddenDomainCodePoint(char c) {
        return c <= 0x20 || c == 0x7f || c == '%' || "#/:<>?@[\\]^|".indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return c < 0x21 || c == 0x7f ? String.format("control character U+%04X", (int) c) : "'" + c + "'";
    }

    static boolean endsInANumber(String host) {
        int end = host.length();
        if (end > 0 && host.charAt(end - 1) == '.') {
            if (end == 1) {
                return false;
            }
            end--;
        }
        int start = host.lastIndexOf('.', end - 1) + 1;
        if (start == end) {
            return false;
        }
        boolean digits = true;
        for (int i = start; i < end && digits; i++) {
            digits = host.charAt(i) >= '0' && host.charAt(i) <= '9';
        }
        return digits || ipv4Number(host.substring(start, end)) >= 0;
    }

    /** The standard's IPv4 parser: one to four parts, decimal, octal (leading 0) or hex (0x). */
    static long parseIpv4(String host) {
        int end = host.endsWith(".") && host.length() > 1 ? host.length() - 1 : host.length();
        long[] numbers = new long[4];
        int count = 0;
        for (int start = 0; start <= end; ) {
            int dot = host.indexOf('.', start);
            int partEnd = dot < 0 || dot > end ? end : dot;
            if (count == 4) {
                throw new UrlException("IPv4 address with more than four parts");
            }
            long n = ipv4Number(host.substring(start, partEnd));
            if (n < 0) {
                throw new UrlException("invalid IPv4 address");
            }
            numbers[count++] = n;
            start = partEnd + 1;
        }
        for (int i = 0; i < count - 1; i++) {
            if (numbers[i] > 255) {
                throw new UrlException("IPv4 address part over 255");
            }
        }
        long last = numbers[count - 1];
        if (last >= 1L << (8 * (5 - count))) {
            throw new UrlException("IPv4 address out of range");
        }
        long ipv4 = last;
        for (int i = 0; i < count - 1; i++) {
            ipv4 += numbers[i] << (8 * (3 - i));
        }
        return ipv4;
    }

    /** One part's value, or -1 when it is not a number; values past 2^32 are capped (they fail anyway). */
    private static long ipv4Number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        int i = 0;
        if (part.length() >= 2 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
            radix = 16;
            i = 2;
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            i = 1;
        }
        long value = 0;
        for (; i < part.length(); i++) {
            int d = PercentEncoding.hex(part.charAt(i));
            if (d < 0 || d >= radix) {
                return -1;
            }
            value = Math.min(value * radix + d, 1L << 40);
        }
        return value;
    }

    static String serializeIpv4(long address) {
        return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The standard's IPv6 parser: eight 16-bit pieces, one :: compression, an optional dotted IPv4 tail. */
    static int[] parseIpv6(String in) {
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int p = 0;
        int n = in.length();
        if (p < n && in.charAt(p) == ':') {
            if (p + 1 >= n || in.charAt(p + 1) != ':') {
                throw new UrlException("invalid IPv6 address");
            }
            p += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (p < n) {
            if (pieceIndex == 8) {
                throw new UrlException("invalid IPv6 address");
            }
            if (in.charAt(p) == ':') {
                if (compress != -1) {
                    throw new UrlException("invalid IPv6 address");
                }
                p++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && p < n && PercentEncoding.hex(in.charAt(p)) >= 0) {
                value = value * 16 + PercentEncoding.hex(in.charAt(p));
                p++;
                length++;
            }
            if (p < n && in.charAt(p) == '.') {
                if (length == 0 || pieceIndex > 6) {
                    throw new UrlException("invalid IPv4 part in IPv6 address");
                }
                p -= length;
                int numbersSeen = 0;
                while (p < n) {
                    int piece = -1;
                    if (numbersSeen > 0) {
                        if (in.charAt(p) == '.' && numbersSeen < 4) {
                            p++;
                        } else {
                            throw new UrlException("invalid IPv4 part in IPv6 address");
                        }
                    }
                    if (p >= n || !isDigit(in.charAt(p))) {
                        throw new UrlException("invalid IPv4 part in IPv6 address");
                    }
                    while (p < n && isDigit(in.charAt(p))) {
                        int number = in.charAt(p) - '0';
                        if (piece == -1) {
                            piece = number;
                        } else if (piece == 0) {
                            throw new UrlException("invalid IPv4 part in IPv6 address");
                        } else {
                            piece = piece * 10 + number;
                        }
                        if (piece > 255) {
                            throw new UrlException("invalid IPv4 part in IPv6 address");
                        }
                        p++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) {
                        pieceIndex++;
                    }
                }
                if (numbersSeen != 4) {
                    throw new UrlException("invalid IPv4 part in IPv6 address");
                }
                break;
            } else if (p < n && in.charAt(p) == ':') {
                p++;
                if (p >= n) {
                    throw new UrlException("invalid IPv6 address");
                }
            } else if (p < n) {
                throw new UrlException("invalid IPv6 address");
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int t = address[pieceIndex];
                address[pieceIndex] = address[compress + swaps - 1];
                address[compress + swaps - 1] = t;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            throw new UrlException("invalid IPv6 address");
        }
        return address;
    }

    /** Lower-case hex pieces, the first longest run of two or more zero pieces written as {@code ::}. */
    static String serializeIpv6(int[] address) {
        int compress = -1;
        int longest = 1;
        for (int i = 0; i < 8; ) {
            if (address[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && address[j] == 0) j++;
            if (j - i > longest) {
                longest = j - i;
                compress = i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == compress) {
                out.append(i == 0 ? "::" : ":");
                i += longest - 1;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
