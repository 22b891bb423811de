package dev.shoal.internal.pipeline;

import dev.shoal.Response;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Hop;

import java.util.concurrent.CompletableFuture;

/**
 * One step of a request's life, with one job (limits, redirects, retries, ...), like an OkHttp
 * interceptor but asynchronous: it may act before and after the rest of the chain, never blocking.
 */
public interface Stage {

    CompletableFuture<Response> send(Call call, Hop hop, Chain next);
}
