package dev.shoal.internal.url;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** URLs for the parser's tests: random mixes of what trips parsers up, and real-world-shaped ones. */
final class UrlSamples {
    private UrlSamples() {
    }

    private static final String[] SCHEMES = {"http://", "https://", "http://", "https://", "HTTP://", "hTtPs://", "http:",
            "http:/", "http:\\\\", "https:///", "http:/\\/", " http://", "\thttps://", "ftp://", "http//"};
    private static final String[] USERINFO = {"user", "u:pw", "user:p@ss", "a:b:c", ":pw", "us%40er:p%3Aw", "üser:päss",
            "u s:p w", "u|x:{y}", "", ":", "t0ken", "a@b:c@d", "%zz:%41"};
    private static final String[] LABELS = {"example", "EXAMPLE", "www", "a-b", "xn--mnchen-3ya", "xn--zz", "xn--",
            "münchen", "MÜNCHEN", "bücher", "例え", "中文", "straße", "ς", "faß", "ｅｘａｍｐｌｅ", "ab--cd", "-ab", "ab-",
            "a_b", "com", "test", "co", "uk", "localhost", "0x7f", "1", "255", "0", "08", "0xZ", "%65x", "ex%41mple",
            "e%zzx", "a b", "a<b", "a^b", "a|b", "a%00b", "%e4%bd%a0", "😀", "ⓐ", "a\u200db", "x\u00adz", "ＡＢ"};
    private static final String[] HOSTS = {"127.0.0.1", "0x7f.1", "127.1", "0177.0.0.1", "4294967295", "4294967296",
            "1.2.3.4.", "256.1.1.1", "1.256", "0x100.1", "1.2.3.08", "09.1", "0.0.0.0", "0x", "1.2.3.4.5",
            "[::1]", "[1:0:0:0:0:0:0:1]", "[::ffff:1.2.3.4]", "[0:0::]", "[2001:DB8::1]", "[1::2::3]", "[::1",
            "[fe80::1%25eth0]", "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8:9]", "[::1.2.3]", "[1:2:3:4:5:6:1.2.3.4]",
            "[0:0:1:0:0:0:1:0]", "[::0.0.0.1]", "[0::01.2.3.4]", "", "localhost", "a..b", "example.com.", "."};
    private static final String[] PORTS = {"", "", "", ":80", ":443", ":8080", ":0", ":65535", ":65536", ":", ":08",
            ":abc", ":0000000000080", ":1x"};
    private static final String PATH_CHARS = "abcXYZ019-._~!$&'()*+,;=:@/|{}^\\ `\"<>[]%?#";
    private static final String[] PATH_PIECES = {"/", "/", ".", "..", "%2e", "%2E.", ".%2e", "%2e%2e", "é", "中文",
            "😀", "%", "%zz", "%41", "%2F", "\t", "\n", " ", "\u0000", "\u007f", "\uFEFF", "\uD800", "a b", "?", "#",
            "'", "index.html", "v1", "search", "\u00a0"};

    /** {@code count} random absolute URLs, the same for the same seed. */
    static List<String> absolute(long seed, int count) {
        Random r = new Random(seed);
        List<String> urls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder(pick(r, SCHEMES));
            if (r.nextInt(6) == 0) b.append(pick(r, USERINFO)).append('@');
            b.append(host(r)).append(pick(r, PORTS));
            b.append(tail(r));
            if (r.nextInt(12) == 0) b.append(' ');
            urls.add(b.toString());
        }
        return urls;
    }

    static String host(Random r) {
        if (r.nextInt(3) == 0) return pick(r, HOSTS);
        StringBuilder h = new StringBuilder();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            h.append(pick(r, LABELS));
            if (n > 1) h.append(r.nextInt(20) == 0 ? "。" : ".");
        }
        return h.toString();
    }

    /** A path, query and fragment of random pieces. */
    static String tail(Random r) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(8); n > 0; n--) {
            if (r.nextBoolean()) {
                b.append(pick(r, PATH_PIECES));
            } else {
                b.append(PATH_CHARS.charAt(r.nextInt(PATH_CHARS.length())));
            }
        }
        return b.toString();
    }

    private static final String[] RELATIVE_STARTS = {"", "/", "//", "\\", "\\\\", "?", "#", "./", "../", "../../",
            "http:", "https:", "http://h.test", "//other.test:81", "/\\x.test/", "..", ".", "x:", "mailto:a@b"};

    /** {@code count} random references to resolve against a base. */
    static List<String> relative(long seed, int count) {
        Random r = new Random(seed);
        List<String> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            refs.add(pick(r, RELATIVE_STARTS) + tail(r));
        }
        return refs;
    }

    static final List<String> BASES = List.of("http://example.com/a/b/c?q=1#f", "https://u:p@h.test:8443/x/",
            "http://[::1]/", "http://127.0.0.1:8080/dir/file.html?x", "https://www.example.org");

    /** URLs of the shape crawls meet: links as pages write them, some messy, a few broken. */
    static final List<String> REAL_WORLD = List.of(
            "https://www.example.com/",
            "http://example.com/index.html",
            "https://en.wikipedia.org/wiki/Uniform_Resource_Locator",
            "https://en.wikipedia.org/wiki/C++#History",
            "https://de.wikipedia.org/wiki/Straße",
            "https://ja.wikipedia.org/wiki/東京",
            "https://ru.wikipedia.org/wiki/Москва",
            "https://www.google.com/search?q=whatwg url parser&hl=en",
            "https://www.google.com/search?q=a+b&oq=a+b&sourceid=chrome&ie=UTF-8",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://twitter.com/search?q=%23java&src=typed_query",
            "https://github.com/whatwg/url/blob/main/url.bs#L100-L120",
            "https://api.example.com/v1/items?filter={\"a\":1}&sort=-id",
            "https://api.example.com/v1/items?ids[]=1&ids[]=2",
            "https://example.com/a|b|c",
            "https://example.com/path/{id}/edit",
            "https://example.com/caret^path?caret=^",
            "https://example.com/back\\slash\\path",
            "http://example.com/a/./b/../c/d/..",
            "http://example.com/a/%2e/b/%2E%2e/c",
            "http://example.com/../../x",
            "http://example.com/file name with spaces.pdf",
            "http://example.com/q?name=John Smith&city=New York",
            "http://example.com/résumé.html",
            "http://example.com/emoji/😀?e=😀#😀",
            "http://example.com/%7Euser/",
            "http://example.com/~user/",
            "http://example.com/100%/",
            "http://example.com/?q=100%",
            "http://example.com/?q='quoted'",
            "http://example.com/'quoted'",
            "http://example.com/<script>",
            "http://example.com/`tick`",
            "http://example.com/\"dq\"",
            "HTTP://WWW.EXAMPLE.COM/UPPER",
            "http://www.Example.com:80/",
            "https://www.example.com:443/",
            "https://www.example.com:8443/",
            "http://example.com:/",
            "http://example.com?x=1",
            "http://example.com#top",
            "http://example.com/#",
            "http://example.com/?",
            "http://user:password@example.com/",
            "https://token@api.example.com/v2",
            "http://user@example.com:8080/p",
            "http://user:p%40ss@example.com/",
            "http://münchen.de/",
            "http://xn--mnchen-3ya.de/",
            "http://bücher.example/",
            "http://例え.テスト/",
            "http://中国.中国/",
            "http://ＥＸＡＭＰＬＥ.com/",
            "http://example.com./",
            "http://192.168.0.1/",
            "http://192.168.1/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://2130706433/",
            "http://[::1]:8080/",
            "http://[2001:db8:0:0:0:0:2:1]/",
            "http://[2001:DB8::1]/",
            "http://[::ffff:192.0.2.128]/",
            "http://localhost:3000/api",
            "  http://example.com/leading-space",
            "http://example.com/trailing-space  ",
            "http://example.com/tab\there",
            "http://exa\nmple.com/",
            "http:\\\\example.com\\a\\b",
            "http:/example.com/one-slash",
            "http:example.com/no-slash",
            "https:///example.com/three-slashes",
            "http://example.com/a?b?c#d#e",
            "http://example.com/a#b c",
            "http://example.com/%zz",
            "http://example.com/%",
            "http://exa mple.com/",
            "http://exa<mple.com/",
            "http://example.com:99999/",
            "http://example.com:8o/",
            "http://:80/",
            "http:///",
            "http://@example.com/",
            "http://a@/",
            "example.com/relative",
            "/just/a/path",
            "ftp://example.com/file",
            "mailto:someone@example.com",
            "javascript:alert(1)",
            "https://cdn.example.com/img/photo@2x.png",
            "https://example.com/wp-content/uploads/2020/01/image(1).jpg",
            "https://example.com/search?q=c%2B%2B&lang=en",
            "https://www.amazon.com/dp/B08N5WRWNW/ref=sr_1_1?keywords=usb+c&qid=1600000000&sr=8-1",
            "https://maps.example.com/@52.52,13.40,12z",
            "https://example.com/path;jsessionid=ABC123?x=1",
            "https://example.com/a//b///c",
            "https://example.com/%E2%82%AC",
            "https://example.com/€",
            "https://example.com/?q=€",
            "https://example.com/#€",
            "https://example.com/\u00a0nbsp",
            "https://example.com/soft\u00adhyphen",
            "https://sub_domain.example.com/",
            "https://-leading.example.com/",
            "https://a.b.c.d.e.f.example.com/",
            "https://example.com/" + "x".repeat(300),
            "https://" + "a".repeat(70) + ".example.com/");

    private static String pick(Random r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
