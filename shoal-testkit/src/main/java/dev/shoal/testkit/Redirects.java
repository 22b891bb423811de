package dev.shoal.testkit;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;

/** Redirect chains, loops and redirects to any target. */
final class Redirects {
    private Redirects() {
    }

    /** {@code /redirect/{n}}: 302 to {@code /redirect/{n-1}}; {@code /redirect/0} answers 200. */
    static void chain(Exchange ex) {
        long n = ex.number(1);
        if (n < 0) {
            ex.sendText(400, "expected /redirect/{n}\n");
        } else if (n == 0) {
            ex.sendText(200, "redirects done\n");
        } else {
            redirect(ex, 302, "/redirect/" + (n - 1));
        }
    }

    /** {@code /redirect-loop}: 302 to itself, forever. */
    static void loop(Exchange ex) {
        redirect(ex, 302, "/redirect-loop");
    }

    /** {@code /redirect-to?url=URL&status=302}: any 3xx to any target, relative or absolute. */
    static void to(Exchange ex) {
        String target = ex.query("url", null);
        long status = ex.query("status", 302);
        if (target == null || status < 300 || status > 399) {
            ex.sendText(400, "expected /redirect-to?url=URL[&status=3xx]\n");
            return;
        }
        redirect(ex, (int) status, target);
    }

    private static void redirect(Exchange ex, int status, String location) {
        FullHttpResponse response = Exchange.response(status,
                ("redirecting to " + location + "\n").getBytes(StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.LOCATION, location)
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        ex.send(response);
    }
}
