package dev.shoal.rows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns a run writes, in order, by their flat names: the names of CSV's header line, and of
 * {@code --fields}. A nested JSON field is named by its path: {@code timings.dns}, {@code headers.content-type},
 * {@code error.kind}. Without {@code --fields} a run writes {@link #standard the standard columns}; with it,
 * exactly the columns named, in that order ({@link #select}). Pure: no I/O.
 */
public final class RowColumns {

    /** What a column holds; the nested ones name their group ({@code timings}, {@code headers}, {@code error}). */
    public enum Field {
        INDEX("index"), URL("url"), METHOD("method"), STATUS("status"), FINAL_URL("final_url"),
        REDIRECTS("redirects"), PROTOCOL("protocol"), BYTES("bytes"), ATTEMPTS("attempts"),
        STARTED_AT("started_at"), ELAPSED_MS("elapsed_ms"), REMOTE_IP("remote_ip"),
        POLITE_WAIT_MS("polite_wait_ms"), ETAG("etag"),
        LAST_MODIFIED("last_modified"), UNCHANGED("unchanged"), SHA256("sha256"), BODY_PATH("body_path"),
        QUEUED("timings", "queued"), DNS("timings", "dns"), CONNECT("timings", "connect"), TLS("timings", "tls"),
        WAIT("timings", "wait"), DOWNLOAD("timings", "download"), TOTAL("timings", "total"),
        HEADER("headers", null),
        ERROR_KIND("error", "kind"), ERROR_MESSAGE("error", "message");

        private final String group;
        private final String leaf;

        Field(String name) {
            this(null, name);
        }

        Field(String group, String leaf) {
            this.group = group;
            this.leaf = leaf;
        }
    }

    /**
     * One column.
     *
     * @param field      what it holds
     * @param headerName for {@link Field#HEADER}, the response header's name in lower case; else null
     */
    public record Column(Field field, String headerName) {
        /** {@return the group it is nested in as JSON ({@code timings}, {@code headers}, {@code error}), or null} */
        public String group() {
            return field.group;
        }

        /** {@return its name inside its group, or its name} */
        public String leaf() {
            return field == Field.HEADER ? headerName : field.leaf;
        }

        /** {@return the flat name: CSV's header, and {@code --fields}'} */
        public String name() {
            return group() == null ? leaf() : group() + "." + leaf();
        }
    }

    private static final List<Field> TIMINGS = List.of(Field.QUEUED, Field.DNS, Field.CONNECT, Field.TLS, Field.WAIT,
            Field.DOWNLOAD, Field.TOTAL);

    private final List<Column> columns;
    private final List<String> headerNames;

    private RowColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        List<String> names = new ArrayList<>();
        for (Column c : columns) {
            if (c.field() == Field.HEADER) {
                names.add(c.headerName());
            }
        }
        this.headerNames = Collections.unmodifiableList(names);
    }

    /**
     * The standard columns: {@code index, url, method, status, final_url, redirects, protocol, bytes, attempts,
     * started_at, elapsed_ms, remote_ip, polite_wait_ms, etag, last_modified}, then as the run asks {@code unchanged},
     * {@code sha256}, {@code body_path}, {@code timings.*} and {@code headers.*}, then {@code error.kind} and
     * {@code error.message}.
     *
     * @param options the optional columns the run has
     */
    public static RowColumns standard(Options options) {
        List<Column> columns = new ArrayList<>();
        for (Field f : List.of(Field.INDEX, Field.URL, Field.METHOD, Field.STATUS, Field.FINAL_URL, Field.REDIRECTS,
                Field.PROTOCOL, Field.BYTES, Field.ATTEMPTS, Field.STARTED_AT, Field.ELAPSED_MS, Field.REMOTE_IP,
                Field.POLITE_WAIT_MS, Field.ETAG, Field.LAST_MODIFIED)) {
            columns.add(new Column(f, null));
        }
        if (options.since()) {
            columns.add(new Column(Field.UNCHANGED, null));
        }
        if (options.hash()) {
            columns.add(new Column(Field.SHA256, null));
        }
        if (options.bodies()) {
            columns.add(new Column(Field.BODY_PATH, null));
        }
        if (options.timings()) {
            TIMINGS.forEach(f -> columns.add(new Column(f, null)));
        }
        for (String header : options.headers()) {
            columns.add(new Column(Field.HEADER, header));
        }
        columns.add(new Column(Field.ERROR_KIND, null));
        columns.add(new Column(Field.ERROR_MESSAGE, null));
        return new RowColumns(columns);
    }

    /**
     * The columns {@code fields} names, in that order: any standard column by its name (also {@code timings.*}
     * without --timings), a group by its name for all of its columns ({@code timings}, {@code error},
     * {@code headers}: those of --include-header), or {@code headers.NAME} for a response header, which is then
     * kept as --include-header would.
     *
     * @throws IllegalArgumentException for a name that is not a column, or a column the run does not have
     */
    public static RowColumns select(List<String> fields, Options options) {
        Set<Column> chosen = new LinkedHashSet<>();
        for (String raw : fields) {
            String name = raw.strip();
            List<Column> named = named(name, options);
            for (Column c : named) {
                if (!chosen.add(c)) {
                    throw new IllegalArgumentException("--fields names " + c.name() + " twice");
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--fields names no column");
        }
        return new RowColumns(new ArrayList<>(chosen));
    }

    private static List<Column> named(String name, Options options) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("headers.") && lower.length() > "headers.".length()) {
            String header = lower.substring("headers.".length());
            if (!isToken(header)) {
                throw new IllegalArgumentException("--fields " + name + ": not a header name");
            }
            return List.of(new Column(Field.HEADER, header));
        }
        switch (name) {
            case "timings":
                return TIMINGS.stream().map(f -> new Column(f, null)).toList();
            case "error":
                return List.of(new Column(Field.ERROR_KIND, null), new Column(Field.ERROR_MESSAGE, null));
            case "headers":
                if (options.headers().isEmpty()) {
                    throw new IllegalArgumentException("--fields headers needs --include-header NAME (or name "
                            + "headers.NAME)");
                }
                return options.headers().stream().map(h -> new Column(Field.HEADER, h)).toList();
            default:
                break;
        }
        for (Field f : Field.values()) {
            if (f != Field.HEADER && new Column(f, null).name().equals(name)) {
                String needs = f == Field.SHA256 && !options.hash() ? "--hash"
                        : f == Field.BODY_PATH && !options.bodies() ? "--bodies DIR"
                        : f == Field.UNCHANGED && !options.since() ? "--since FILE" : null;
                if (needs != null) {
                    throw new IllegalArgumentException("--fields " + name + " needs " + needs);
                }
                return List.of(new Column(f, null));
            }
        }
        throw new IllegalArgumentException("--fields: no column " + name + " (columns: " + String.join(", ",
                standard(new Options(true, true, true, true, List.of("NAME"))).names()) + ", or a group: timings, "
                + "headers, error)");
    }

    /** Whether {@code name} is the flat name of a column (as the header line of CSV rows has them). */
    public static boolean isColumnName(String name) {
        if (name.startsWith("headers.")) {
            return isToken(name.substring("headers.".length()));
        }
        for (Field f : Field.values()) {
            if (f != Field.HEADER && new Column(f, null).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 9110's token: the characters a header name may have. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 126 || c <= 32 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    public List<Column> columns() {
        return columns;
    }

    /** {@return the flat names, in order} */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** {@return the response headers rows keep, lower case, in column order} */
    public List<String> headerNames() {
        return headerNames;
    }

    /** Whether {@code field} is one of the columns. */
    public boolean has(Field field) {
        for (Column c : columns) {
            if (c.field() == field) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", names());
    }

    /**
     * The optional columns a run has.
     *
     * @param hash    --hash: {@code sha256}
     * @param bodies  --bodies: {@code body_path}
     * @param timings --timings: {@code timings.*} among the standard columns
     * @param since   --since: {@code unchanged}
     * @param headers --include-header: the names, lower case, without repeats
     */
    public record Options(boolean hash, boolean bodies, boolean timings, boolean since, List<String> headers) {
        public Options {
            LinkedHashSet<String> lower = new LinkedHashSet<>();
            for (String h : headers) {
                lower.add(h.toLowerCase(Locale.ROOT));
            }
            headers = List.copyOf(lower);
        }

        /** Only the always-present columns. */
        public static Options none() {
            return new Options(false, false, false, false, List.of());
        }
    }
}
