package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.cookie.CookieJar;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Sends the jar's cookies with every hop and keeps what each response sets, so a cookie set on a redirect
 * goes with the next hop. It sits inside the redirect stage: the jar decides per hop which cookies an origin
 * gets, while a {@code Cookie} header the caller set is dropped by the redirect rules when the origin changes.
 */
public final class CookieStage implements Stage {
    private final CookieJar jar;

    public CookieStage(CookieJar jar) {
        this.jar = jar;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        String path = requestPath(hop.pathAndQuery());
        String cookies = jar.cookieHeader(hop.origin(), path, System.currentTimeMillis());
        return next.proceed(call, cookies == null ? hop : withCookies(hop, cookies)).thenApply(new Keep(hop.origin(), path));
    }

    /** Keeps the cookies a response sets (a class, not a lambda: see dev.shoal.internal's package-info). */
    private final class Keep implements UnaryOperator<Response> {
        private final Origin origin;
        private final String path;

        Keep(Origin origin, String path) {
            this.origin = origin;
            this.path = path;
        }

        @Override
        public Response apply(Response response) {
            List<String> set = response.headers().all("Set-Cookie");
            if (!set.isEmpty()) {
                jar.store(origin, path, set, System.currentTimeMillis());
            }
            return response;
        }
    }

    /** The caller's own Cookie header, if any, comes first. */
    static Hop withCookies(Hop hop, String cookies) {
        String own = hop.headers().get("Cookie");
        String value = own == null || own.isBlank() ? cookies : own + "; " + cookies;
        return new Hop(hop.url(), hop.origin(), hop.pathAndQuery(), hop.method(), hop.headers().with("Cookie", value), hop.body());
    }

    static String requestPath(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery;
        return path.isEmpty() ? "/" : path;
    }
}
