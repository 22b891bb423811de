package dev.shoal.internal.url;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our parser against the standard's reference implementation, the npm package {@code whatwg-url} (pinned in
 * {@code src/test/whatwg/package.json}, installed into {@code target/whatwg-url} with {@code npm ci} on first
 * run), on generated and real-world-shaped URLs: both must give the same href, or both refuse. Prints the
 * share that agree and the first disagreements. Skipped only when {@code node} or {@code npm} is not on the
 * PATH; a failing install fails the test.
 *
 * <p>Known disagreements: whatwg-url 16.0.1 mangles an astral code point in the user info (it adds U+FFFD and
 * drops the next character; jsdom/whatwg-url#333, fixed after that release), where we do as Node's own
 * {@code URL} (Ada) does; and the IDNA gaps listed in {@link Idna}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WhatwgUrlDifferentialTest {
    private static final String FAIL = "\u0000FAIL";
    private static final String SCHEME = "\u0000SCHEME";
    private static Path dir;

    @BeforeAll
    static void installReference() throws Exception {
        String node = onPath("node");
        String npm = onPath("npm");
        Assumptions.assumeTrue(node != null && npm != null,
                "SKIPPED: node and npm are not on the PATH; the WHATWG URL differential test needs Node.js");
        dir = Path.of("target", "whatwg-url").toAbsolutePath();
        Files.createDirectories(dir);
        Path lock = dir.resolve("package-lock.json");
        boolean sameLock = Files.exists(lock)
                && Files.mismatch(lock, Path.of("src", "test", "whatwg", "package-lock.json")) < 0;
        for (String file : List.of("package.json", "package-lock.json", "hrefs.js")) {
            Files.copy(Path.of("src", "test", "whatwg", file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!sameLock || !Files.exists(dir.resolve("node_modules/whatwg-url/package.json"))) {
            Process npmCi = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            assertTrue(npmCi.waitFor(240, TimeUnit.SECONDS), "npm ci took over 240 s");
            assertEquals(0, npmCi.exitValue(), () -> "npm ci failed: " + read(dir.resolve("npm-ci.log")));
        }
    }

    @Test
    void generatedAbsoluteUrlsAgree() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String url : UrlSamples.absolute(20261129, 10_000)) cases.add(new String[]{url, null});
        assertAgreement("generated absolute URLs", cases, 0.999);
    }

    @Test
    void generatedRelativeReferencesAgree() throws Exception {
        List<String[]> cases = new ArrayList<>();
        List<String> refs = UrlSamples.relative(7, 5_000);
        for (int i = 0; i < refs.size(); i++) {
            cases.add(new String[]{refs.get(i), UrlSamples.BASES.get(i % UrlSamples.BASES.size())});
        }
        assertAgreement("generated relative references", cases, 0.999);
    }

    @Test
    void realWorldUrlsAgree() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String url : UrlSamples.REAL_WORLD) cases.add(new String[]{url, null});
        assertAgreement("real-world URLs", cases, 1.0);
    }

    private static void assertAgreement(String what, List<String[]> cases, double threshold) throws Exception {
        List<String> reference = reference(cases);
        int agree = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String ours = ours(cases.get(i)[0], cases.get(i)[1]);
            if (agree(ours, reference.get(i))) {
                agree++;
            } else if (disagreements.size() < 25) {
                disagreements.add(show(cases.get(i)[0]) + (cases.get(i)[1] == null ? "" : " against " + cases.get(i)[1])
                        + "\n    ours:        " + show(ours) + "\n    whatwg-url:  " + show(reference.get(i)));
            }
        }
        double share = (double) agree / cases.size();
        System.out.printf("WHATWG URL agreement, %s: %d of %d (%.2f%%)%n", what, agree, cases.size(), share * 100);
        disagreements.forEach(d -> System.out.println("  " + d));
        assertTrue(share >= threshold, String.format("%s: only %.2f%% agree; first disagreements:%n%s", what, share * 100,
                String.join("\n", disagreements)));
    }

    /** Same href, or both refuse; any other scheme we refuse as unsupported, valid in its scheme or not. */
    private static boolean agree(String ours, String reference) {
        return ours.equals(reference) || (ours.equals(SCHEME) && reference.equals(FAIL));
    }

    static String ours(String input, String base) {
        try {
            return base == null ? UrlParser.parse(input).href() : UrlParser.parse(input, UrlParser.parse(base)).href();
        } catch (UrlException e) {
            return e.isUnsupportedScheme() ? SCHEME : FAIL;
        }
    }

    /** whatwg-url's answer for each case, in order. */
    private static List<String> reference(List<String[]> cases) throws Exception {
        Process node = new ProcessBuilder(onPath("node"), "hrefs.js").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8))) {
                for (String[] c : cases) {
                    w.write("[" + json(c[0]) + "," + (c[1] == null ? "null" : json(c[1])) + "]\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> answers = new ArrayList<>(cases.size());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) answers.add(line);
        }
        writing.get(60, TimeUnit.SECONDS);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, node.exitValue(), "node hrefs.js failed");
        assertEquals(cases.size(), answers.size(), "whatwg-url answered fewer lines than it was given");
        return answers;
    }

    /** A JSON string with every character outside printable ASCII escaped, lone surrogates included. */
    private static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, program);
            if (f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
