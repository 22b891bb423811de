package dev.shoal.internal.call;

import dev.shoal.EventListener;
import dev.shoal.Headers;
import dev.shoal.Request;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Origin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One request's {@link EventListener}, each callback guarded: what a listener throws is dropped, so it never
 * changes what becomes of the request. Without a listener every method returns at once, and callers build
 * arguments that cost anything (strings, durations) only after asking {@link #enabled()}.
 */
public final class Events {
    /** The events of a request that nobody listens to: shared, no allocation per request. */
    static final Events NONE = new Events(null, null);

    private final EventListener listener;
    private final Request request;

    private Events(EventListener listener, Request request) {
        this.listener = listener;
        this.request = request;
    }

    /** The events of {@code request} for the listener {@code factory} makes (none when the factory is null). */
    static Events of(EventListener.Factory factory, Request request) {
        if (factory == null) {
            return NONE;
        }
        EventListener listener;
        try {
            listener = factory.create(request);
        } catch (RuntimeException e) {
            return NONE;  // a factory that throws is a listener that hears nothing
        }
        return listener == null || listener == EventListener.NONE ? NONE : new Events(listener, request);
    }

    public boolean enabled() {
        return listener != null;
    }

    /**
     * Whatever a listener throws, errors included, is dropped: rethrown, it would unwind the step that told the
     * event and could leave the request without its one outcome.
     */
    private static void dropped(Throwable t) {
        // nothing to do: the listener's failure is its own
    }

    void callStart() {
        if (listener == null) return;
        try { listener.callStart(request); } catch (Throwable t) { dropped(t); }
    }

    public void hostPermitWaitStart(String origin) {
        if (listener == null) return;
        try { listener.hostPermitWaitStart(request, origin); } catch (Throwable t) { dropped(t); }
    }

    public void hostPermitWaitEnd(String origin) {
        if (listener == null) return;
        try { listener.hostPermitWaitEnd(request, origin); } catch (Throwable t) { dropped(t); }
    }

    public void globalPermitWaitStart() {
        if (listener == null) return;
        try { listener.globalPermitWaitStart(request); } catch (Throwable t) { dropped(t); }
    }

    public void globalPermitWaitEnd() {
        if (listener == null) return;
        try { listener.globalPermitWaitEnd(request); } catch (Throwable t) { dropped(t); }
    }

    public void rateTokenWaitStart(String origin, long delayNanos) {
        if (listener == null) return;
        try { listener.rateTokenWaitStart(request, origin, Duration.ofNanos(delayNanos)); } catch (Throwable t) { dropped(t); }
    }

    public void rateTokenWaitEnd(String origin) {
        if (listener == null) return;
        try { listener.rateTokenWaitEnd(request, origin); } catch (Throwable t) { dropped(t); }
    }

    public void dnsStart(String host) {
        if (listener == null) return;
        try { listener.dnsStart(request, host); } catch (Throwable t) { dropped(t); }
    }

    public void dnsEnd(String host, List<InetAddress> addresses, Throwable failure) {
        if (listener == null) return;
        try {
            listener.dnsEnd(request, host, addresses == null ? List.of() : addresses, failure);
        } catch (Throwable t) {
            dropped(t);
        }
    }

    public void connectStart(String host, int port) {
        if (listener == null) return;
        try { listener.connectStart(request, host, port); } catch (Throwable t) { dropped(t); }
    }

    public void connectEnd(InetSocketAddress remote, Throwable failure) {
        if (listener == null) return;
        try { listener.connectEnd(request, remote, failure); } catch (Throwable t) { dropped(t); }
    }

    public void tlsStart(String host) {
        if (listener == null) return;
        try { listener.tlsStart(request, host); } catch (Throwable t) { dropped(t); }
    }

    public void tlsEnd(String host, Throwable failure) {
        if (listener == null) return;
        try { listener.tlsEnd(request, host, failure); } catch (Throwable t) { dropped(t); }
    }

    public void connectionAcquired(Origin origin, boolean reused, String protocol, InetSocketAddress remote) {
        if (listener == null) return;
        try { listener.connectionAcquired(request, origin.toString(), reused, protocol, remote); } catch (Throwable t) { dropped(t); }
    }

    public void requestSent(String method, String url) {
        if (listener == null) return;
        try { listener.requestSent(request, method, url); } catch (Throwable t) { dropped(t); }
    }

    public void responseHeaders(int status, Headers headers) {
        if (listener == null) return;
        try { listener.responseHeaders(request, status, headers); } catch (Throwable t) { dropped(t); }
    }

    public void responseEnd(long bytes) {
        if (listener == null) return;
        try { listener.responseEnd(request, bytes); } catch (Throwable t) { dropped(t); }
    }

    public void retryScheduled(String reason, long delayNanos) {
        if (listener == null) return;
        try { listener.retryScheduled(request, reason, Duration.ofNanos(delayNanos)); } catch (Throwable t) { dropped(t); }
    }

    public void redirect(int status, String location) {
        if (listener == null) return;
        try { listener.redirect(request, status, location); } catch (Throwable t) { dropped(t); }
    }

    void callEnd(Response response) {
        if (listener == null) return;
        try { listener.callEnd(request, response); } catch (Throwable t) { dropped(t); }
    }

    void callFailed(ShoalException failure) {
        if (listener == null) return;
        try { listener.callFailed(request, failure); } catch (Throwable t) { dropped(t); }
    }
}
