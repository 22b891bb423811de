package dev.shoal.cli.fetch;

import java.util.Locale;

/** The text of the live progress line: done/total (or done), rate, in flight, errors, ETA. Pure. */
public final class ProgressLine {
    private ProgressLine() {
    }

    /**
     * @param total     requests expected, or a negative number when unknown (input from a pipe)
     * @param perSecond the recent completion rate
     * @param width     the most characters the line may take (so it never wraps and scrolls)
     */
    public static String render(long done, long total, double perSecond, int inFlight, long errors, int width) {
        StringBuilder sb = new StringBuilder(80);
        if (total >= 0) {
            sb.append(String.format(Locale.ROOT, "%,d/%,d", done, total));
            if (total > 0) {
                sb.append(String.format(Locale.ROOT, " (%d%%)", done * 100 / total));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "%,d done", done));
        }
        sb.append(String.format(Locale.ROOT, "  %,.0f req/s  %,d in flight  %,d errors", perSecond, inFlight, errors));
        if (total >= 0 && done < total && perSecond > 0) {
            sb.append("  ETA ").append(clock((long) Math.ceil((total - done) / perSecond)));
        }
        return sb.length() <= width ? sb.toString() : sb.substring(0, Math.max(0, width));
    }

    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
