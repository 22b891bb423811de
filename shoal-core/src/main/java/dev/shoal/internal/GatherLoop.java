package dev.shoal.internal;

import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.internal.base.Outcomes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs {@code Shoal.gatherAsync}: keeps up to {@code window} requests in flight, sends the next one as each
 * ends, and puts each outcome at its request's index. A request that waits for its permits already holds a
 * call, a parsed URL and its futures; sent all at once, a list of 100,000 requests held 100,000 of those for the
 * whole run, far more than the outcomes themselves. Requests end on I/O threads, which send the next ones.
 */
final class GatherLoop {
    private final Engine engine;
    /** A copy: the caller's list, read later on I/O threads, could change or throw there, and leave a gather that never ends. */
    private final Request[] requests;
    private final Outcome[] outcomes;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending;
    private final CompletableFuture<List<Outcome>> result = new CompletableFuture<>();

    GatherLoop(Engine engine, List<Request> requests) {
        this.engine = engine;
        this.requests = requests.toArray(new Request[0]);
        this.outcomes = new Outcome[this.requests.length];
        this.pending = new AtomicInteger(outcomes.length);
    }

    CompletableFuture<List<Outcome>> start(int window) {
        if (outcomes.length == 0) {
            result.complete(new ArrayList<>());
        }
        for (int lane = Math.min(window, outcomes.length); lane > 0; lane--) {
            sendNext();
        }
        return result;
    }

    /** Sends requests until one is still in flight; those that end at once (an invalid URL) are recorded here. */
    private void sendNext() {
        int i;
        while ((i = next.getAndIncrement()) < outcomes.length) {
            Request request = requests[i];
            CompletableFuture<Response> response;
            try {
                response = engine.send(request);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            if (!response.isDone()) {
                response.whenComplete(new Ended(i, request));
                return;
            }
            try {
                record(i, Outcomes.of(request, response.join(), null));
            } catch (CompletionException | CancellationException e) {
                record(i, Outcomes.of(request, null, e));
            }
        }
    }

    private void record(int index, Outcome outcome) {
        outcomes[index] = outcome;
        if (pending.decrementAndGet() == 0) {  // every write above happened before this, the last decrement
            result.complete(new ArrayList<>(Arrays.asList(outcomes)));
        }
    }

    /** One request ended: its outcome, then the next request. A class, not a lambda: see package-info. */
    private final class Ended implements BiConsumer<Response, Throwable> {
        private final int index;
        private final Request request;

        Ended(int index, Request request) {
            this.index = index;
            this.request = request;
        }

        @Override
        public void accept(Response response, Throwable error) {
            record(index, Outcomes.of(request, response, error));
            sendNext();
        }
    }
}
