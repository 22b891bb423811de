package dev.shoal.cli.fetch;

import dev.shoal.Urls;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * For --since: what the previous run's rows say about each URL that answered (200, or 304 unchanged): its
 * validators (ETag, Last-Modified) to send as If-None-Match and If-Modified-Since, and the body's hash and path
 * to carry into a 304's row. Kept small, for a million rows and more: an open-addressing table from a 64-bit
 * hash of the URL to a record of those four strings packed into shared byte pages (about 20 bytes of table and
 * the strings' bytes a URL; no String, no object per row). Two URLs whose hashes collide (about one chance in
 * 10^7 among a million URLs) would share a record; the worst that does is a conditional request the server
 * answers in full. A later row of the same URL replaces an earlier one.
 */
final class PreviousRows {
    private static final int PAGE_BYTES = 1 << 20;
    private static final float MAX_LOAD = 0.7f;

    /** What a previous row said about one URL; any part may be null. */
    record Previous(String etag, String lastModified, String sha256, String bodyPath) {
    }

    private long[] keys = new long[1 << 10];  // 0: an empty slot
    private long[] refs = new long[1 << 10];  // where the record starts: page * PAGE_BYTES + offset
    private int size;
    private byte[][] pages = new byte[4][];
    private int pageCount;
    private int pageUsed = PAGE_BYTES;  // the current page is full: the first record opens one

    /** Records what a previous row said about {@code url} (its credentials ignored), replacing any earlier record. */
    void put(String url, String etag, String lastModified, String sha256, String bodyPath) {
        if (url == null || etag == null && lastModified == null) {
            return;
        }
        long key = hash(url);
        byte[] record = encode(etag, lastModified, sha256, bodyPath);
        long ref = store(record);
        int slot = slot(key);
        if (keys[slot] == 0) {
            keys[slot] = key;
            if (++size > keys.length * MAX_LOAD) {
                grow();
                slot = slot(key);
            }
        }
        refs[slot] = ref;
    }

    /** What the previous run said about {@code url}, or null. */
    Previous get(String url) {
        if (size == 0 || url == null) {
            return null;
        }
        long key = hash(url);
        int slot = slot(key);
        return keys[slot] == 0 ? null : decode(refs[slot]);
    }

    /** URLs with a record. */
    int size() {
        return size;
    }

    /** The bytes this holds: its table and its pages (for the memory measure of --since). */
    long retainedBytes() {
        long bytes = 16L * keys.length + 8L * pages.length;
        for (int i = 0; i < pageCount; i++) {
            bytes += 16 + pages[i].length;
        }
        return bytes;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) key & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldRefs = refs;
        keys = new long[oldKeys.length * 2];
        refs = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                refs[slot] = oldRefs[i];
            }
        }
    }

    /** FNV-1a over the URL's chars, then MurmurHash3's finalizer to spread the bits; never 0. */
    static long hash(String url) {
        String u = Urls.withoutCredentials(url);
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < u.length(); i++) {
            h = (h ^ u.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private long store(byte[] record) {
        if (record.length > PAGE_BYTES - pageUsed) {
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            // a record longer than a page gets a page of its own size
            pages[pageCount++] = new byte[Math.max(PAGE_BYTES, record.length)];
            pageUsed = 0;
        }
        long ref = (long) (pageCount - 1) * PAGE_BYTES + pageUsed;
        System.arraycopy(record, 0, pages[pageCount - 1], pageUsed, record.length);
        pageUsed += record.length;
        if (pages[pageCount - 1].length > PAGE_BYTES) {
            pageUsed = PAGE_BYTES;  // the big page is full; the next record opens a new one
        }
        return ref;
    }

    // A record: four fields, each a length prefix (varint: 0 for null, else length + 1) and its UTF-8 bytes;
    // a sha256 of 64 lower-case hex digits is kept as its 32 bytes, behind the prefix SHA_BINARY, and a
    // Last-Modified in the IMF-fixdate form servers send as its epoch second (a varint), behind DATE_SECONDS:
    // it is sent back as it came, character for character, since the form prints back the same.
    private static final int SHA_BINARY = Integer.MAX_VALUE;
    private static final int DATE_SECONDS = Integer.MAX_VALUE - 1;
    private static final String DAYS = "MonTueWedThuFriSatSun";
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private static byte[] encode(String etag, String lastModified, String sha256, String bodyPath) {
        byte[][] parts = new byte[4][];
        int[] prefixes = new int[4];
        String[] values = {etag, lastModified, sha256, bodyPath};
        int length = 0;
        for (int i = 0; i < 4; i++) {
            if (values[i] == null) {
                prefixes[i] = 0;
                parts[i] = new byte[0];
            } else if (i == 2 && isSha256(values[i])) {
                prefixes[i] = SHA_BINARY;
                parts[i] = HexFormat.of().parseHex(values[i]);
            } else if (i == 1 && epochSecond(values[i]) >= 0) {
                prefixes[i] = DATE_SECONDS;
                long seconds = epochSecond(values[i]);
                parts[i] = new byte[varintLength(seconds)];
                putVarint(parts[i], 0, seconds);
            } else {
                parts[i] = values[i].getBytes(StandardCharsets.UTF_8);
                prefixes[i] = parts[i].length + 1;
            }
            length += varintLength(prefixes[i]) + parts[i].length;
        }
        byte[] record = new byte[length];
        int at = 0;
        for (int i = 0; i < 4; i++) {
            at = putVarint(record, at, prefixes[i]);
            System.arraycopy(parts[i], 0, record, at, parts[i].length);
            at += parts[i].length;
        }
        return record;
    }

    private Previous decode(long ref) {
        byte[] page = pages[(int) (ref / PAGE_BYTES)];
        int at = (int) (ref % PAGE_BYTES);
        String[] values = new String[4];
        for (int i = 0; i < 4; i++) {
            int prefix = 0;
            int shift = 0;
            byte b;
            do {
                b = page[at++];
                prefix |= (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            if (prefix == SHA_BINARY) {
                values[i] = HexFormat.of().formatHex(page, at, at + 32);
                at += 32;
            } else if (prefix == DATE_SECONDS) {
                long seconds = 0;
                int shiftSeconds = 0;
                do {
                    b = page[at++];
                    seconds |= (long) (b & 0x7F) << shiftSeconds;
                    shiftSeconds += 7;
                } while (b < 0);
                values[i] = imfFixdate(seconds);
            } else if (prefix > 0) {
                values[i] = new String(page, at, prefix - 1, StandardCharsets.UTF_8);
                at += prefix - 1;
            }
        }
        return new Previous(values[0], values[1], values[2], values[3]);
    }

    /**
     * The date's epoch second when it is an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}, RFC 9110) that
     * prints back the same; else -1. By hand: a million rows would spend seconds in a DateTimeFormatter.
     */
    static long epochSecond(String d) {
        if (d.length() != 29 || !d.startsWith(", ", 3) || d.charAt(7) != ' ' || d.charAt(11) != ' '
                || d.charAt(16) != ' ' || d.charAt(19) != ':' || d.charAt(22) != ':' || !d.endsWith(" GMT")) {
            return -1;
        }
        int month = MONTHS.indexOf(d.substring(8, 11));
        int day = digits(d, 5, 2);
        int year = digits(d, 12, 4);
        int hour = digits(d, 17, 2);
        int minute = digits(d, 20, 2);
        int second = digits(d, 23, 2);
        if (month < 0 || month % 3 != 0 || day < 1 || year < 1970 || hour > 23 || minute > 59 || second > 59) {
            return -1;
        }
        try {
            long epochDay = LocalDate.of(year, month / 3 + 1, day).toEpochDay();
            long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second;
            return imfFixdate(seconds).equals(d) ? seconds : -1;  // the weekday too
        } catch (DateTimeException e) {
            return -1;  // the 31st of a shorter month
        }
    }

    private static int digits(String s, int at, int count) {
        int n = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static String imfFixdate(long epochSecond) {
        long epochDay = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int weekday = date.getDayOfWeek().getValue() - 1;
        int month = date.getMonthValue() - 1;
        char[] c = new char[29];
        DAYS.getChars(weekday * 3, weekday * 3 + 3, c, 0);
        c[3] = ',';
        c[4] = ' ';
        two(c, 5, date.getDayOfMonth());
        c[7] = ' ';
        MONTHS.getChars(month * 3, month * 3 + 3, c, 8);
        c[11] = ' ';
        int year = date.getYear();
        two(c, 12, year / 100);
        two(c, 14, year % 100);
        c[16] = ' ';
        two(c, 17, secondOfDay / 3_600);
        c[19] = ':';
        two(c, 20, secondOfDay / 60 % 60);
        c[22] = ':';
        two(c, 23, secondOfDay % 60);
        " GMT".getChars(0, 4, c, 25);
        return new String(c);
    }

    private static void two(char[] c, int at, int n) {
        c[at] = (char) ('0' + n / 10);
        c[at + 1] = (char) ('0' + n % 10);
    }

    private static boolean isSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static int varintLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] out, int at, long v) {
        while ((v & ~0x7F) != 0) {
            out[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[at++] = (byte) v;
        return at;
    }
}
