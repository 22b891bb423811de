package dev.shoal.real;

import dev.shoal.BodySink;
import dev.shoal.Multipart;
import dev.shoal.Request;
import dev.shoal.RequestBody;
import dev.shoal.Response;
import dev.shoal.Shoal;
import dev.shoal.testkit.real.Httpbin;
import dev.shoal.testkit.real.Nginx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uploads real servers accept: httpbin echoes multipart and urlencoded forms, nginx's WebDAV PUT stores files. */
@Timeout(120)
class UploadsRealTest {
    static final byte[] BINARY = Bodies.random(300_000, 7);
    static final byte[] TEXT = Bodies.text(5000);

    @TempDir
    static Path dir;
    static Httpbin httpbin;
    static Nginx nginx;
    static Path stored;
    static Shoal shoal;

    @BeforeAll
    static void start() throws Exception {
        httpbin = Httpbin.start(dir.resolve("httpbin"));
        stored = Files.createDirectories(dir.resolve("stored"));
        nginx = Nginx.start(Files.createDirectories(dir.resolve("nginx")), 1, ports -> """
                server {
                    listen 127.0.0.1:%1$d;
                    root %2$s;
                    client_max_body_size 0;
                    location /upload/ { dav_methods PUT; create_full_put_path on; }
                    location = /moved { return 307 /upload/moved.bin; }
                }
                """.formatted(ports[0], stored));
        shoal = Shoal.builder().readTimeout(Duration.ofSeconds(10)).deadline(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void stop() {
        if (shoal != null) shoal.close();
        if (httpbin != null) httpbin.close();
        if (nginx != null) nginx.close();
    }

    static String post(RequestBody body) {
        Response r = shoal.send(Request.builder(httpbin.url("/post")).method("POST").body(body)
                .sink(BodySink.memory()).build()).join();
        assertEquals(200, r.status());
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\s*\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), () -> name + " not in " + json.substring(0, Math.min(json.length(), 300)));
        return m.group(1);
    }

    @Test
    void httpbinEchoesMultipartFieldsAndFilesByteExact() throws Exception {
        Path binary = dir.resolve("photo.bin");
        Path text = dir.resolve("notes.txt");
        Files.write(binary, BINARY);
        Files.write(text, TEXT);
        String json = post(Multipart.builder()
                .field("title", "a holiday by the sea")
                .file("photo", binary, "image/x-test")
                .file("notes", text, "text/plain", "renamed.txt")
                .build());
        assertEquals("a holiday by the sea", field(json, "title"));
        String photo = field(json, "photo");
        assertTrue(photo.startsWith("data:image/x-test;base64,"), photo.substring(0, 40));
        assertArrayEquals(BINARY, Base64.getDecoder().decode(photo.substring(photo.indexOf(',') + 1)));
        assertEquals(new String(TEXT, StandardCharsets.UTF_8), field(json, "notes").replace("\\n", "\n"));
        assertTrue(field(json, "Content-Type").startsWith("multipart/form-data; boundary=shoal-"));
    }

    @Test
    void httpbinEchoesAnUrlencodedForm() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("q", "fish & chips");
        fields.put("lang", "en");
        String json = post(RequestBody.form(fields));
        assertEquals("fish & chips", field(json, "q"));
        assertEquals("en", field(json, "lang"));
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Response put(String path, RequestBody body) {
        return shoal.send(Request.builder(nginx.url(0, path)).method("PUT").body(body).build()).join();
    }

    @Test
    void nginxStoresPutUploadsByteExact() throws Exception {
        byte[] big = Bodies.random(20 << 20, 11);
        Path file = dir.resolve("big.bin");
        Files.write(file, big);
        Response r = put("/upload/file.bin", RequestBody.ofFile(file));
        assertTrue(r.status() == 201 || r.status() == 204, "status " + r.status());
        assertEquals(sha256(big), sha256(Files.readAllBytes(stored.resolve("upload/file.bin"))));

        put("/upload/stream.bin", RequestBody.ofInputStream(() -> new ByteArrayInputStream(big), -1));
        assertEquals(sha256(big), sha256(Files.readAllBytes(stored.resolve("upload/stream.bin"))));

        Response moved = put("/moved", RequestBody.ofFile(file));
        assertEquals(1, moved.redirects());
        assertEquals(sha256(big), sha256(Files.readAllBytes(stored.resolve("upload/moved.bin"))));
    }
}
