package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The rest of the pipeline after a stage. Built once per client: no allocation per request. */
public final class Chain {
    private final Stage stage;
    private final Chain next;

    private Chain(Stage stage, Chain next) {
        this.stage = stage;
        this.next = next;
    }

    /** The stages in the order a request passes them; the last one must answer without calling on. */
    public static Chain of(List<Stage> stages) {
        Chain chain = null;
        for (int i = stages.size() - 1; i >= 0; i--) {
            chain = new Chain(stages.get(i), chain);
        }
        return chain;
    }

    public CompletableFuture<Response> proceed(Call call, Hop hop) {
        try {
            return stage.send(call, hop, next);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
