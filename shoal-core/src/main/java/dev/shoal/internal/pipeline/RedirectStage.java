package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.Urls;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;

import java.util.concurrent.CompletableFuture;

/**
 * Follows redirects up to the limit. It sits outside the retry stage so that a retry repeats the hop that
 * failed, not the whole chain of redirects before it.
 */
public final class RedirectStage implements Stage {

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        return next.proceed(call, hop).thenCompose(response -> follow(call, hop, response, next));
    }

    private CompletableFuture<Response> follow(Call call, Hop hop, Response response, Chain next) {
        if (!call.followsRedirect(response.status(), response.headers())) {
            return CompletableFuture.completedFuture(response);
        }
        String location = response.headers().get("Location");
        if (call.redirects() >= call.maxRedirects()) {
            throw Internal.shoalException(ErrorKind.TOO_MANY_REDIRECTS,
                    "more than " + call.maxRedirects() + " redirects (last to " + Urls.withoutCredentials(location) + ")");
        }
        Hop target = Redirects.next(hop, response.status(), location);
        call.redirected();
        call.events().redirect(response.status(), target.url());
        return send(call, target, next);
    }
}
