package dev.shoal.internal;

import dev.shoal.Outcome;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalConfig;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Placeholder while the engine is written. */
public final class Engine {
    private final ShoalConfig config;

    public Engine(ShoalConfig config) {
        this.config = config;
    }

    public ShoalConfig config() {
        return config;
    }

    public CompletableFuture<Response> send(Request request) {
        throw new UnsupportedOperationException("engine in progress");
    }

    public CompletableFuture<List<Outcome>> gather(List<Request> requests) {
        throw new UnsupportedOperationException("engine in progress");
    }

    public long stream(Iterator<Request> requests, Consumer<Outcome> consumer) throws InterruptedException {
        throw new UnsupportedOperationException("engine in progress");
    }

    public int inFlight() {
        return 0;
    }

    public void close() {
    }
}
