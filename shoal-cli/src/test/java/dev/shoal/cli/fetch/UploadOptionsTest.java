package dev.shoal.cli.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.ExitStatus;
import dev.shoal.cli.InProcessShoal;
import dev.shoal.testkit.FaultServer;
import dev.shoal.testkit.RecordedRequest;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code shoal fetch}'s body options (-T, --data-binary, --data-urlencode, -F) and input body_file/body_base64. */
@Timeout(120)
class UploadOptionsTest {
    private static FaultServer server;

    @TempDir
    Path dir;

    private final InProcessShoal shoal = new InProcessShoal();

    @BeforeAll
    static void startServer() {
        server = FaultServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private int fetch(String... args) {
        return shoal.fetch(List.of("--no-progress", "-o", dir.resolve("rows.jsonl").toString()), args);
    }

    private RecordedRequest taken(String path) throws InterruptedException {
        while (true) {
            RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
            assertNotNull(r, "no request for " + path);
            if (r.path().equals(path)) {
                return r;
            }
        }
    }

    private Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void uploadFileIsAPutOfTheFileByteExact() throws Exception {
        byte[] content = random(2 << 20);
        Path f = file("up.bin", content);
        assertEquals(ExitStatus.OK, fetch("-T", f.toString(), server.url("/echo?t")), shoal.err());
        RecordedRequest got = taken("/echo");
        assertEquals("PUT", got.method());
        assertEquals(Integer.toString(content.length), got.wireHeader("Content-Length"));
        assertNull(got.header("Content-Type"));
        assertArrayEquals(content, got.body());
    }

    @Test
    void dataBinaryFromAFileIsPostedAsItIs() throws Exception {
        byte[] content = random(300_000);
        Path f = file("data.bin", content);
        assertEquals(ExitStatus.OK, fetch("--data-binary", "@" + f, server.url("/echo?b")), shoal.err());
        RecordedRequest got = taken("/echo");
        assertEquals("POST", got.method());
        assertEquals("application/x-www-form-urlencoded", got.header("Content-Type"));
        assertArrayEquals(content, got.body());
    }

    @Test
    void dataOptionsAreJoinedAndUrlencodedAsCurlDoes() throws Exception {
        Path f = file("q.txt", "a b&c~*".getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitStatus.OK, fetch("-d", "x=1", "--data-binary", "raw", "--data-urlencode", "q=fish & chips",
                "--data-urlencode", "=é", "--data-urlencode", "plain text", "--data-urlencode", "f@" + f,
                server.url("/echo?u")), shoal.err());
        assertEquals("x=1&raw&q=fish%20%26%20chips&%C3%A9&plain%20text&f=a%20b%26c~%2A", taken("/echo").bodyUtf8());
    }

    @Test
    void formPartsAreSentAsMultipart() throws Exception {
        Path f = file("notes.txt", "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitStatus.OK, fetch("-F", "title=a;b", "-F", "kind=\"x;type=y\";type=text/x-kind",
                "-F", "notes=@" + f + ";type=text/plain;filename=renamed.txt", server.url("/echo?f")), shoal.err());
        RecordedRequest got = taken("/echo");
        assertEquals("POST", got.method());
        String type = got.header("Content-Type");
        assertTrue(type.startsWith("multipart/form-data; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\na;b\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"kind\"\r\nContent-Type: text/x-kind\r\n\r\nx;type=y\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"notes\"; filename=\"renamed.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nline one\nline two\n\r\n"
                + "--" + boundary + "--\r\n";
        assertEquals(expected, got.bodyUtf8());
    }

    @Test
    void aFormFieldMayTakeItsValueFromAFileAsCurlsLessThanSign() throws Exception {
        Path f = file("value.txt", "from a file; with a semicolon\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitStatus.OK, fetch("-F", "note=<" + f, "-F", "typed=<" + f + ";type=text/plain",
                server.url("/echo?lt")), shoal.err());
        RecordedRequest got = taken("/echo");
        String type = got.header("Content-Type");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertEquals("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\nfrom a file; with a semicolon\n\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"typed\"\r\nContent-Type: text/plain\r\n\r\n"
                + "from a file; with a semicolon\n\r\n"
                + "--" + boundary + "--\r\n", got.bodyUtf8());
        assertEquals(ExitStatus.USAGE, fetch("-F", "note=<" + dir.resolve("absent"), server.url("/echo")));
    }

    @Test
    void inputLinesMayGiveABodyFileOrBinaryBody() throws Exception {
        byte[] fileBody = random(100_000);
        byte[] binary = {0, 1, 2, (byte) 0xff, 10, 13};
        Path f = file("line.bin", fileBody);
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"url\": \"" + server.url("/echo?line=file") + "\", \"method\": \"PUT\", \"body_file\": \"" + f + "\"}",
                "{\"url\": \"" + server.url("/echo?line=b64") + "\", \"body_base64\": \"" + Base64.getEncoder().encodeToString(binary) + "\"}",
                "{\"url\": \"" + server.url("/echo?line=both") + "\", \"body\": \"x\", \"body_base64\": \"AA==\"}",
                "{\"url\": \"" + server.url("/echo?line=missing") + "\", \"body_file\": \"" + dir.resolve("absent") + "\"}"));
        assertEquals(ExitStatus.OK, fetch("-i", input.toString(), "-c", "1"), shoal.err());
        List<RecordedRequest> got = List.of(taken("/echo"), taken("/echo"));
        RecordedRequest put = got.get(0).method().equals("PUT") ? got.get(0) : got.get(1);
        RecordedRequest post = put == got.get(0) ? got.get(1) : got.get(0);
        assertArrayEquals(fileBody, put.body());
        assertEquals("POST", post.method());
        assertArrayEquals(binary, post.body());
        var rows = Rows.byIndex(Rows.read(dir.resolve("rows.jsonl")));
        assertEquals("invalid_request", Rows.kind(rows.get(2L)));
        JsonNode missing = rows.get(3L);
        assertEquals("io", Rows.kind(missing));
        assertTrue(missing.get("error").get("message").asText().contains("absent"), missing.toString());
    }

    @Test
    void bodyOptionsOfDifferentKindsAreAUsageError() throws Exception {
        Path f = file("x.bin", new byte[]{1});
        assertEquals(ExitStatus.USAGE, fetch("-T", f.toString(), "-d", "a", server.url("/echo")));
        assertEquals(ExitStatus.USAGE, fetch("-F", "a=b", "--data-urlencode", "c", server.url("/echo")));
        assertEquals(ExitStatus.USAGE, fetch("-F", "novalue", server.url("/echo")));
        assertEquals(ExitStatus.USAGE, fetch("-F", "a=@" + f + ";colour=red", server.url("/echo")));
    }

    @Test
    void formPartParsingFollowsCurl() {
        BodyOptions.FormPart p = BodyOptions.FormPart.parse("f=@/tmp/a b.txt;type=text/plain;filename=\"c.txt\"");
        assertEquals(Path.of("/tmp/a b.txt"), p.file());
        assertEquals("text/plain", p.type());
        assertEquals("c.txt", p.filename());
        assertEquals("v;w", BodyOptions.FormPart.parse("n=v;w").value());
        assertThrows(IllegalArgumentException.class, () -> BodyOptions.FormPart.parse("=v"));
        assertEquals("%00%20~%2A", BodyOptions.percentEncode(new byte[]{0, ' ', '~', '*'}));
    }

    @Test
    void dataUrlencodeLooksForTheEqualsSignBeforeTheAtSignAsCurlDoes() {
        java.util.function.Function<Path, byte[]> noFiles = p -> {
            throw new AssertionError("read a file: " + p);
        };
        assertEquals("user@example.org=a%20b", BodyOptions.urlencoded("user@example.org=a b", noFiles));
        assertEquals("to=me%40example.org", BodyOptions.urlencoded("to=me@example.org", noFiles));
        assertEquals("%40x", BodyOptions.urlencoded("=@x", noFiles));
        assertEquals("n=", BodyOptions.urlencoded("n=", noFiles));
        assertEquals("f=a%26b", BodyOptions.urlencoded("f@in.txt", p -> "a&b".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nginxStoresADashTUploadByteExact() throws Exception {
        Path stored = Files.createDirectories(dir.resolve("stored"));
        Path f = dir.resolve("fifty.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(50);
        try (var o = Files.newOutputStream(f)) {
            for (int i = 0; i < 50; i++) {
                random.nextBytes(chunk);
                o.write(chunk);
            }
        }
        try (Nginx nginx = Nginx.start(Files.createDirectories(dir.resolve("nginx")), 1, ports -> """
                server {
                    listen 127.0.0.1:%1$d;
                    root %2$s;
                    client_max_body_size 0;
                    location / { dav_methods PUT; }
                }
                """.formatted(ports[0], stored))) {
            assertEquals(ExitStatus.OK, fetch("-T", f.toString(), nginx.url(0, "/fifty.bin")), shoal.err());
            JsonNode row = Rows.read(dir.resolve("rows.jsonl")).get(0);
            assertEquals(201, row.get("status").asInt(), row.toString());
            assertEquals(sha256(f), sha256(stored.resolve("fifty.bin")));
        }
    }
}
