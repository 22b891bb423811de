package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;
import dev.shoal.internal.proxy.ProxyRoute;
import dev.shoal.internal.proxy.ProxyRoutes;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/**
 * An http request through a forwarding HTTP proxy names the whole URL as its target (absolute form,
 * RFC 9112 3.2.2) and carries the proxy's credentials in {@code Proxy-Authorization}; the proxy's
 * {@code 407} answer is its failure (kind {@code proxy}), not the origin's status. Tunnelled and direct
 * requests pass unchanged.
 */
public final class ForwardProxyStage implements Stage {
    private final ProxyRoutes routes;

    public ForwardProxyStage(ProxyRoutes routes) {
        this.routes = routes;
    }

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        ProxyRoute route = routes.select(hop.origin());
        if (!route.forwards()) {
            return next.proceed(call, hop);
        }
        return next.proceed(call, forwarded(hop, route)).thenApply(response -> {
            if (response.status() == 407) {
                discard(response);
                throw Internal.shoalException(ErrorKind.PROXY, "proxy " + route.proxy().address() + " requires authentication (407)"
                        + (route.proxyAuthorization() != null ? " and refused the credentials given" : ""));
            }
            return response;
        });
    }

    /** The hop as a forwarding proxy expects it. */
    static Hop forwarded(Hop hop, ProxyRoute route) {
        String credentials = route.proxyAuthorization();
        var headers = credentials == null ? hop.headers() : hop.headers().with("Proxy-Authorization", credentials);
        return new Hop(hop.url(), hop.origin(), hop.origin() + hop.pathAndQuery(), hop.method(), headers, hop.body());
    }

    private static void discard(Response response) {
        if (response.bodyPath() != null) {
            try {
                Files.deleteIfExists(response.bodyPath());
            } catch (IOException ignored) {
                // the request failed anyway; a stray file is the lesser harm
            }
        }
    }
}
