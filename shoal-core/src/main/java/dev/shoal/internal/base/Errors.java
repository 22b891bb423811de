package dev.shoal.internal.base;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.proxy.ProxyConnectException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;

/** Maps what Netty and the JDK throw to exactly one {@link ErrorKind}. */
public final class Errors {
    private Errors() {
    }

    /** A failure while opening a connection (TCP, proxy, TLS). */
    public static ShoalException connectFailure(Throwable t, Origin origin) {
        Throwable c = unwrap(t);
        if (c instanceof ShoalException se) return se;
        String where = " (" + origin + ")";
        if (c instanceof ProxyConnectException) return Internal.shoalException(ErrorKind.PROXY, message(c), c);
        if (c instanceof ConnectTimeoutException) return Internal.shoalException(ErrorKind.CONNECT_TIMEOUT, "connect timed out" + where, c);
        if (c instanceof UnknownHostException) return Internal.shoalException(ErrorKind.DNS, "cannot resolve " + origin.host(), c);
        if (hasCause(c, SSLException.class)) return Internal.shoalException(ErrorKind.TLS, message(rootOf(c, SSLException.class)) + where, c);
        String shortage = SocketShortage.reason(c);
        if (shortage != null) return Internal.shoalException(ErrorKind.IO, "cannot open a socket" + where + ": " + shortage, c);
        if (c instanceof ConnectException || c instanceof NoRouteToHostException
                || String.valueOf(c.getMessage()).contains("Connection refused")) {
            return Internal.shoalException(ErrorKind.CONNECT_REFUSED, "connection refused" + where, c);
        }
        return exchangeFailure(c);
    }

    /** A failure while a request is written or its response read. */
    public static ShoalException exchangeFailure(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof ShoalException se) return se;
        if (c instanceof ProxyConnectException) return Internal.shoalException(ErrorKind.PROXY, message(c), c);  // a tunnel that failed under a pending write
        if (c instanceof PrematureChannelClosureException) return closed("connection closed before the response was complete", c);
        if (c instanceof TooLongFrameException) return Internal.shoalException(ErrorKind.PROTOCOL, message(c), c);
        if (hasCause(c, SSLException.class)) return Internal.shoalException(ErrorKind.TLS, message(rootOf(c, SSLException.class)), c);
        if (c instanceof DecoderException) return Internal.shoalException(ErrorKind.PROTOCOL, message(c), c);
        if (c instanceof ClosedChannelException) return closed("connection closed", c);
        if (c instanceof IOException) {
            String m = String.valueOf(c.getMessage());
            return closed(m.contains("reset") ? "connection reset by peer" : "connection closed: " + m, c);
        }
        return Internal.shoalException(ErrorKind.IO, message(c), c);
    }

    public static ShoalException closed(String message, Throwable cause) {
        return Internal.shoalException(ErrorKind.CONNECTION_CLOSED, message, cause);
    }

    /** The innermost cause of {@code t} (itself when it has none). */
    public static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** The innermost cause's message, or its class's name when it has none. */
    public static String rootMessage(Throwable t) {
        Throwable c = rootCause(t);
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        return rootOf(t, type) != null;
    }

    private static Throwable rootOf(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return c;
            if (c.getCause() == c) break;
        }
        return null;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
