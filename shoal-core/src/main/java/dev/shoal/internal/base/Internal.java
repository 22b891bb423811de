package dev.shoal.internal.base;

import dev.shoal.ErrorKind;
import dev.shoal.Response;
import dev.shoal.ShoalException;
import dev.shoal.Timings;

import java.net.InetSocketAddress;

/**
 * The engine's way to make the public types whose constructors users must not call ({@link ShoalException},
 * {@link Response}): {@code dev.shoal} installs an {@link Access} here when {@link ShoalException} is first
 * initialized, as OkHttp's {@code Internal} and the JDK's {@code SharedSecrets} do. This package is not exported
 * by the module, so only the engine reaches it.
 */
public final class Internal {
    private static volatile Access access;

    private Internal() {
    }

    /** What {@code dev.shoal} lends the engine. */
    public interface Access {
        ShoalException shoalException(ErrorKind kind, String message, Throwable cause);

        ShoalException withCallStats(ShoalException e, int attempts, int redirects, long startedAtMillis, long elapsedNanos,
                                     Timings timings, InetSocketAddress remoteAddress);

        Response response(ResponseBuilder builder);
    }

    /** Called once, by {@code dev.shoal}; a second caller is refused. */
    public static synchronized void install(Access a) {
        if (access != null) {
            throw new IllegalStateException("already installed");
        }
        access = a;
    }

    public static ShoalException shoalException(ErrorKind kind, String message) {
        return access().shoalException(kind, message, null);
    }

    public static ShoalException shoalException(ErrorKind kind, String message, Throwable cause) {
        return access().shoalException(kind, message, cause);
    }

    /** The same failure, stamped with what the whole request did (set once, when the request ends). */
    public static ShoalException withCallStats(ShoalException e, int attempts, int redirects, long startedAtMillis,
                                               long elapsedNanos) {
        return access().withCallStats(e, attempts, redirects, startedAtMillis, elapsedNanos, e.timings(), e.remoteAddress());
    }

    /** As {@link #withCallStats(ShoalException, int, int, long, long)}, with where the time went and the address last connected to. */
    public static ShoalException withCallStats(ShoalException e, int attempts, int redirects, long startedAtMillis,
                                               long elapsedNanos, Timings timings, InetSocketAddress remoteAddress) {
        return access().withCallStats(e, attempts, redirects, startedAtMillis, elapsedNanos, timings, remoteAddress);
    }

    static Response response(ResponseBuilder builder) {
        return access().response(builder);
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            try { // its static initializer installs the access
                Class.forName(ShoalException.class.getName(), true, ShoalException.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
