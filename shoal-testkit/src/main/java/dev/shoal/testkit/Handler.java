package dev.shoal.testkit;

/**
 * A one-off route for {@link FaultServer#route(String, Handler)}. It runs on an event loop: fill the reply
 * and return, never block (use {@link Reply#delay} for slowness).
 */
@FunctionalInterface
public interface Handler {
    void handle(RecordedRequest request, Reply reply);
}
