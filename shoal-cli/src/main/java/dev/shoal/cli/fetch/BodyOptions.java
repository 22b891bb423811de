package dev.shoal.cli.fetch;

import dev.shoal.Multipart;
import dev.shoal.RequestBody;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The body the command line gives every request, as curl reads its options: {@code -d}, {@code --data-binary}
 * and {@code --data-urlencode} joined with {@code &} (a lone {@code --data-binary @FILE} streamed from disk),
 * {@code -F} parts as a multipart form (files streamed), or {@code -T FILE} streamed as a PUT. Only one kind
 * at a time. A problem with the options is an {@link IllegalArgumentException} (a usage error).
 *
 * @param body        the body, or null for none
 * @param contentType the Content-Type to send unless -H sets one (null: none, or the body's own)
 * @param method      the method unless -X sets one (null: curl's default, POST with a body)
 */
public record BodyOptions(RequestBody body, String contentType, String method) {
    static final String FORM = "application/x-www-form-urlencoded";
    private static final BodyOptions NONE = new BodyOptions(null, null, null);

    /**
     * @param readFile reads a file whole (for -d @FILE, --data-urlencode NAME@FILE and --data-binary @FILE
     *                 among others); its failure is the caller's to report
     */
    public static BodyOptions of(List<String> data, List<String> dataBinary, List<String> dataUrlencode,
                                 List<String> form, Path uploadFile, Function<Path, byte[]> readFile) {
        boolean anyData = !data.isEmpty() || !dataBinary.isEmpty() || !dataUrlencode.isEmpty();
        if (uploadFile != null) {
            if (anyData || !form.isEmpty()) {
                throw new IllegalArgumentException("-T cannot be combined with -d, --data-binary, --data-urlencode or -F");
            }
            if (uploadFile.toString().equals("-")) {
                throw new IllegalArgumentException("-T -: uploading standard input is not supported; give a file");
            }
            return new BodyOptions(RequestBody.ofFile(uploadFile), null, "PUT");
        }
        if (!form.isEmpty()) {
            if (anyData) {
                throw new IllegalArgumentException("-F cannot be combined with -d, --data-binary or --data-urlencode");
            }
            Multipart.Builder b = Multipart.builder();
            for (String part : form) {
                FormPart.parse(part).addTo(b);
            }
            return new BodyOptions(b.build(), null, "POST");
        }
        if (!anyData) {
            return NONE;
        }
        if (data.isEmpty() && dataUrlencode.isEmpty() && dataBinary.size() == 1 && dataBinary.get(0).startsWith("@")) {
            return new BodyOptions(RequestBody.ofFile(Path.of(dataBinary.get(0).substring(1))), FORM, "POST");
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (String d : data) {
            append(joined, d.startsWith("@") ? readFile.apply(Path.of(d.substring(1))) : utf8(d));
        }
        for (String d : dataBinary) {
            append(joined, d.startsWith("@") ? readFile.apply(Path.of(d.substring(1))) : utf8(d));
        }
        for (String d : dataUrlencode) {
            append(joined, utf8(urlencoded(d, readFile)));
        }
        return new BodyOptions(RequestBody.of(joined.toByteArray()), FORM, "POST");
    }

    private static void append(ByteArrayOutputStream out, byte[] piece) {
        if (out.size() > 0) {
            out.write('&');
        }
        out.writeBytes(piece);
    }

    /**
     * One {@code --data-urlencode} as curl reads it: {@code content}, {@code =content}, {@code name=content},
     * {@code @file} or {@code name@file}; the content (or the file's) percent-encoded, the name as it is. As in
     * curl, the first {@code =} decides before any {@code @}: {@code a@b=c} is the name {@code a@b}, not a file.
     */
    static String urlencoded(String option, Function<Path, byte[]> readFile) {
        int at = option.indexOf('=');
        if (at < 0) {
            at = option.indexOf('@');
        }
        if (at < 0) {
            return percentEncode(utf8(option));
        }
        String name = option.substring(0, at);
        byte[] content = option.charAt(at) == '@' ? readFile.apply(Path.of(option.substring(at + 1)))
                : utf8(option.substring(at + 1));
        return name.isEmpty() ? percentEncode(content) : name + "=" + percentEncode(content);
    }

    /** As curl escapes: every byte but RFC 3986's unreserved characters as %XX (a space as %20). */
    static String percentEncode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One {@code -F} as curl reads it: {@code name=value}, {@code name=@file} (a file) or {@code name=<file} (a
     * field whose value is read from the file), then optionally {@code ;type=TYPE} and {@code ;filename=NAME};
     * a value in double quotes may hold semicolons.
     */
    record FormPart(String name, String value, Path file, boolean fileIsValue, String type, String filename) {
        static FormPart parse(String option) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-F '" + option + "': expected NAME=VALUE or NAME=@FILE");
            }
            String name = option.substring(0, eq);
            String rest = option.substring(eq + 1);
            boolean fileIsValue = rest.startsWith("<");
            boolean isFile = fileIsValue || rest.startsWith("@");
            if (isFile) {
                rest = rest.substring(1);
            }
            String value;
            int paramsAt;
            if (rest.startsWith("\"")) {
                StringBuilder sb = new StringBuilder();
                int i = 1;
                for (; i < rest.length() && rest.charAt(i) != '"'; i++) {
                    char c = rest.charAt(i);
                    if (c == '\\' && i + 1 < rest.length()) {
                        c = rest.charAt(++i);
                    }
                    sb.append(c);
                }
                if (i >= rest.length()) {
                    throw new IllegalArgumentException("-F '" + option + "': unterminated quote");
                }
                value = sb.toString();
                paramsAt = i + 1;
            } else {
                paramsAt = nextParam(rest, 0);
                value = rest.substring(0, paramsAt);
            }
            String type = null;
            String filename = null;
            while (paramsAt < rest.length()) {
                if (rest.charAt(paramsAt) != ';') {
                    throw new IllegalArgumentException("-F '" + option + "': expected ;type= or ;filename= after the value");
                }
                int end = nextParam(rest, paramsAt + 1);
                String param = rest.substring(paramsAt + 1, end).trim();
                String lower = param.toLowerCase(Locale.ROOT);
                if (lower.startsWith("type=")) {
                    type = param.substring(5);
                } else if (lower.startsWith("filename=")) {
                    filename = unquote(param.substring(9));
                } else {
                    throw new IllegalArgumentException("-F '" + option + "': unknown parameter '" + param
                            + "' (expected type= or filename=)");
                }
                paramsAt = end;
            }
            if (isFile && value.isEmpty()) {
                throw new IllegalArgumentException("-F '" + option + "': no file name after " + fileMark(fileIsValue));
            }
            return new FormPart(name, isFile ? null : value, isFile ? Path.of(value) : null, fileIsValue, type, filename);
        }

        /** What comes before a file name: {@code <} for a field's value read from it, {@code @} for a file part. */
        private static String fileMark(boolean fileIsValue) {
            return fileIsValue ? "<" : "@";
        }

        /** Where the next ";type=" or ";filename=" starts, or the end: other semicolons belong to the value. */
        private static int nextParam(String s, int from) {
            for (int i = s.indexOf(';', from); i >= 0; i = s.indexOf(';', i + 1)) {
                String after = s.substring(i + 1).stripLeading().toLowerCase(Locale.ROOT);
                if (after.startsWith("type=") || after.startsWith("filename=")) {
                    return i;
                }
            }
            return s.length();
        }

        private static String unquote(String s) {
            return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }

        void addTo(Multipart.Builder b) {
            if (file == null) {
                if (type == null) {
                    b.field(name, value);
                } else {
                    b.field(name, value, type);
                }
                return;
            }
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                throw new IllegalArgumentException("-F " + name + "=" + fileMark(fileIsValue) + file
                        + ": cannot read the file");
            }
            if (fileIsValue && filename == null) {
                b.fieldFromFile(name, file, type);
                return;
            }
            Path fileName = file.getFileName();
            b.file(name, file, type, filename != null ? filename : fileName == null ? "file" : fileName.toString());
        }
    }
}
