package dev.shoal;

import java.util.Iterator;

/**
 * Requests that arrive over time, such as lines from a pipe: a feed can have none ready yet without
 * being at its end. Given to {@link Shoal#stream}, it is pulled only while {@link #ready()}, so that the
 * calling thread keeps handing over outcomes while the feed is idle instead of waiting in
 * {@link #hasNext()}; the feed wakes the stream through the callback of {@link #onReady} when it has more.
 */
public interface RequestFeed extends Iterator<Request> {

    /** {@return true when {@link #hasNext()} would answer without waiting: a request is ready, or the feed has ended} */
    boolean ready();

    /**
     * Called once by the stream before it pulls: {@code wake} is to be run (from any thread) whenever the
     * feed becomes ready after {@link #ready()} said false. Waking spuriously is harmless.
     *
     * @param wake what wakes the stream
     */
    void onReady(Runnable wake);
}
