package dev.shoal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Hears what happens to each request, as OkHttp's {@code EventListener} does: set one on
 * {@link Shoal.Builder#eventListener}, or a {@link Factory} on {@link Shoal.Builder#eventListenerFactory} for
 * a listener per request that keeps its own state. Every method does nothing by default: override those you need.
 *
 * <p>Callbacks run on the client's I/O threads (or the thread that called {@code send}) and must not block.
 * They may run concurrently for different requests, and one request's callbacks may come from different
 * threads, one after another. A callback that throws is ignored: it never changes what becomes of the request.
 *
 * <p>Order for one request: {@code callStart}; then per hop and attempt, the waits for permits and the rate
 * token, the connection's set-up ({@code dns*}, {@code connect*}, {@code tls*}, only when a new connection is
 * opened on this request's behalf), {@code connectionAcquired}, {@code requestSent}, {@code responseHeaders},
 * {@code responseEnd}; {@code retryScheduled} or {@code redirect} between hops; finally exactly one of
 * {@code callEnd} or {@code callFailed}. A request that fails may skip any step before its end. Each
 * {@code *Start} is followed by its {@code *End} unless the request ends first.
 */
public interface EventListener {

    /** A listener that hears nothing. */
    EventListener NONE = new EventListener() {
    };

    /** Makes one listener per request: for listeners that keep per-request state. */
    @FunctionalInterface
    interface Factory {
        /**
         * The listener of one request, asked once when it is sent; null means none.
         *
         * @param request the request as the caller sent it
         * @return the listener, or null
         */
        EventListener create(Request request);
    }

    /**
     * A factory handing out the same listener for every request.
     *
     * @param listener the listener
     * @return the factory
     */
    static Factory factory(EventListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        return request -> listener;
    }

    /**
     * The request was handed to the client.
     *
     * @param request the request as the caller sent it
     */
    default void callStart(Request request) {
    }

    /**
     * The request waits for a permit of its origin ({@code maxPerHost}).
     *
     * @param request the request as the caller sent it
     * @param origin the origin, {@code scheme://host[:port]}
     */
    default void hostPermitWaitStart(Request request, String origin) {
    }

    /**
     * The origin's permit was granted (or the request ended while waiting).
     *
     * @param request the request as the caller sent it
     * @param origin the origin, {@code scheme://host[:port]}
     */
    default void hostPermitWaitEnd(Request request, String origin) {
    }

    /**
     * The request holds its origin's permit and waits for a global one ({@code maxInFlight}).
     *
     * @param request the request as the caller sent it
     */
    default void globalPermitWaitStart(Request request) {
    }

    /**
     * The global permit was granted.
     *
     * @param request the request as the caller sent it
     */
    default void globalPermitWaitEnd(Request request) {
    }

    /**
     * An attempt waits {@code delay} for its origin's rate token ({@code ratePerHost}).
     *
     * @param request the request as the caller sent it
     * @param origin the origin, {@code scheme://host[:port]}
     * @param delay how long it waits
     */
    default void rateTokenWaitStart(Request request, String origin, Duration delay) {
    }

    /**
     * The rate token is there.
     *
     * @param request the request as the caller sent it
     * @param origin the origin, {@code scheme://host[:port]}
     */
    default void rateTokenWaitEnd(Request request, String origin) {
    }

    /**
     * A host name is being resolved for a new connection.
     *
     * @param request the request as the caller sent it
     * @param host the host name
     */
    default void dnsStart(Request request, String host) {
    }

    /**
     * The resolution ended: the addresses found, or {@code failure} (then {@code addresses} is empty).
     *
     * @param request the request as the caller sent it
     * @param host the host name
     * @param addresses the addresses found
     * @param failure why it failed, or null
     */
    default void dnsEnd(Request request, String host, List<InetAddress> addresses, Throwable failure) {
    }

    /**
     * A new connection's TCP connect (and proxy tunnel) begins.
     *
     * @param request the request as the caller sent it
     * @param host the host name
     * @param port the port
     */
    default void connectStart(Request request, String host, int port) {
    }

    /**
     * The TCP connect ended: the address connected to, or {@code failure} (then {@code remote} is null).
     *
     * @param request the request as the caller sent it
     * @param remote the address connected to, or null
     * @param failure why it failed, or null
     */
    default void connectEnd(Request request, InetSocketAddress remote, Throwable failure) {
    }

    /**
     * The TLS handshake of a new connection begins.
     *
     * @param request the request as the caller sent it
     * @param host the host name
     */
    default void tlsStart(Request request, String host) {
    }

    /**
     * The TLS handshake ended, successfully unless {@code failure} is given.
     *
     * @param request the request as the caller sent it
     * @param host the host name
     * @param failure why it failed, or null
     */
    default void tlsEnd(Request request, String host, Throwable failure) {
    }

    /**
     * A connection was taken for an exchange: {@code reused} when it was open before this request asked for one
     * (a pooled or shared connection), false when it was opened while the request waited for it.
     *
     * @param protocol {@code http/1.1} or {@code h2}
     * @param remote   the address connected to (a proxy's, through a proxy)
     * @param request the request as the caller sent it
     * @param origin the origin, {@code scheme://host[:port]}
     * @param reused whether the connection was open before the request asked for one
     */
    default void connectionAcquired(Request request, String origin, boolean reused, String protocol, InetSocketAddress remote) {
    }

    /**
     * The whole request (head and body) of one exchange went out to {@code url}.
     *
     * @param request the request as the caller sent it
     * @param method the method
     * @param url the URL
     */
    default void requestSent(Request request, String method, String url) {
    }

    /**
     * A final response head arrived (1xx heads are not reported).
     *
     * @param request the request as the caller sent it
     * @param status the status code
     * @param headers the response head's fields
     */
    default void responseHeaders(Request request, int status, Headers headers) {
    }

    /**
     * The response body of one exchange ended: {@code bytes} decoded body bytes.
     *
     * @param request the request as the caller sent it
     * @param bytes decoded body bytes
     */
    default void responseEnd(Request request, long bytes) {
    }

    /**
     * The attempt failed or got a retryable status, and another follows after {@code delay}.
     *
     * @param reason an error kind's wire name ({@code connect_refused}, ...) or {@code status 503}
     * @param request the request as the caller sent it
     * @param delay the wait before the next attempt
     */
    default void retryScheduled(Request request, String reason, Duration delay) {
    }

    /**
     * A {@code status} redirect is followed to {@code location} (the resolved URL).
     *
     * @param request the request as the caller sent it
     * @param status the status code
     * @param location the resolved URL
     */
    default void redirect(Request request, int status, String location) {
    }

    /**
     * The request ended with a response (whatever its status).
     *
     * @param request the request as the caller sent it
     * @param response the response
     */
    default void callEnd(Request request, Response response) {
    }

    /**
     * The request ended with a failure.
     *
     * @param request the request as the caller sent it
     * @param failure why the request failed
     */
    default void callFailed(Request request, ShoalException failure) {
    }
}
