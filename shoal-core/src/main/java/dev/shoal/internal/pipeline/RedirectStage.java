package dev.shoal.internal.pipeline;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.Urls;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;
import dev.shoal.internal.base.Internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Follows redirects up to the limit. It sits outside the retry stage so that a retry repeats the hop that
 * failed, not the whole chain of redirects before it.
 */
public final class RedirectStage implements Stage {

    @Override
    public CompletableFuture<Response> send(Call call, Hop hop, Chain next) {
        return next.proceed(call, hop).thenCompose(new Follow(call, hop, next));
    }

    /** What a hop's response leads to (a class, not a lambda: see dev.shoal.internal's package-info). */
    private final class Follow implements Function<Response, CompletionStage<Response>> {
        private final Call call;
        private final Hop hop;
        private final Chain next;

        Follow(Call call, Hop hop, Chain next) {
            this.call = call;
            this.hop = hop;
            this.next = next;
        }

        @Override
        public CompletionStage<Response> apply(Response response) {
            return follow(call, hop, response, next);
        }
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
