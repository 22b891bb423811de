package dev.shoal.internal.pool;

import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Events;
import dev.shoal.internal.base.Origin;
import io.netty.channel.EventLoop;

import java.util.concurrent.CompletableFuture;

/**
 * What the pools open connections with: {@link ConnectionFactory} over sockets, or a fake in the pools' tests.
 * Each future completes with a connection ready for exchanges, or fails; neither method throws.
 */
public interface Connector {
    /** Whether a connection to {@code origin} may turn out to be HTTP/2 (so one may serve many callers). */
    boolean mayMultiplex(Origin origin);

    /** A new, ready connection to {@code origin} for {@code call}; the call's end stops the connect. */
    CompletableFuture<Connection> connect(Origin origin, Call call);

    /**
     * A new, ready connection that several callers wait for: no single caller's end stops it. Its set-up is
     * told to {@code events}: those of the caller it was opened on behalf of.
     */
    CompletableFuture<Connection> connectShared(Origin origin, EventLoop loop, Events events);
}
