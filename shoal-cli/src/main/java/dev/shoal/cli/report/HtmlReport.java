package dev.shoal.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: the template, its stylesheet and script, the vendored
 * uPlot chart library (MIT, see {@code uPlot.LICENSE}) and the run's data are all inlined, so the file
 * opens anywhere without fetching anything.
 */
final class HtmlReport {
    /** Where the template takes a part: a comment, so the template itself stays valid HTML, CSS and JS. */
    private static final Pattern PLACEHOLDER = Pattern.compile("/\\*\\{([\\w.-]+)}\\*/");
    private static final String DATA = "data";

    private HtmlReport() {
    }

    static void write(RunStats stats, String source, Writer out) throws IOException {
        String template = resource("report.html");
        // Placeholders are looked for in the template only, never in what was inserted.
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int copied = 0;
        while (placeholder.find()) {
            out.write(template, copied, placeholder.start() - copied);
            String part = placeholder.group(1);
            out.write(DATA.equals(part) ? dataJson(stats, source) : resource(part));
            copied = placeholder.end();
        }
        out.write(template, copied, template.length() - copied);
        out.flush();
    }

    /** The data as JSON that cannot end its script element: every {@code <} is written as an escape. */
    static String dataJson(RunStats stats, String source) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(json)) {
            generator.setCharacterEscapes(new ScriptSafeEscapes());
            ReportData.write(stats, source, generator);
        }
        return json.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

        ScriptSafeEscapes() {
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
