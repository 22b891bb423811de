package dev.shoal.internal.upload;

import dev.shoal.RequestBody;

/**
 * The engine's view of a {@link RequestBody}, whose source and send-once state are not public API: the
 * public class installs the access when it loads (every body the engine sees has loaded it).
 */
public final class RequestBodies {
    private static volatile Access access;

    private RequestBodies() {
    }

    /** What the engine may ask of a body. */
    public interface Access {
        UploadSource source(RequestBody body);

        /** Marks the body as being sent; false when it is one-shot and was sent before. */
        boolean claim(RequestBody body);

        /** Whether the body can be sent (again): replayable, or one-shot and not yet sent. */
        boolean canSendAgain(RequestBody body);
    }

    /** Called once, by {@link RequestBody}'s static initializer; later calls are ignored. */
    public static synchronized void install(Access a) {
        if (access == null) {
            access = a;
        }
    }

    public static UploadSource source(RequestBody body) {
        return access.source(body);
    }

    public static boolean claim(RequestBody body) {
        return access.claim(body);
    }

    public static boolean canSendAgain(RequestBody body) {
        return access.canSendAgain(body);
    }

    /** The note a failure carries when the body stopped a retry or a redirect from sending it again. */
    public static final String ONE_SHOT = "the request body is a one-shot publisher and was already sent";
}
