package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;

import java.util.concurrent.CompletableFuture;

/** Parses the URL and checks method and headers before anything is spent on the request. */
public final class ValidateStage implements Stage {

    @Override
    public CompletableFuture<Response> send(Call call, Hop ignored, Chain next) {
        return next.proceed(call, Hop.of(call.request()));
    }
}
