package dev.shoal.cli;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Netty's logger factory for the command-line tool: its loggers drop everything (without starting
 * {@code java.util.logging}, whose set-up would cost every run's start) until {@link #routeToJdkLogging} sends
 * them, and those made after, to {@code java.util.logging}, as {@code --log-file} asks.
 */
final class LibraryLoggerFactory extends InternalLoggerFactory {
    private final List<RoutedLogger> made = new ArrayList<>();
    private boolean routed;

    @Override
    protected synchronized InternalLogger newInstance(String name) {
        RoutedLogger logger = new RoutedLogger(name);
        if (routed) {
            logger.routeTo(jdkLogger(name));
        } else {
            made.add(logger);
        }
        return logger;
    }

    /** From now on every logger, made before or after, writes to {@code java.util.logging}. */
    synchronized void routeToJdkLogging() {
        routed = true;
        for (RoutedLogger logger : made) {
            logger.routeTo(jdkLogger(logger.name()));
        }
        made.clear();
    }

    private static InternalLogger jdkLogger(String name) {
        return ((JdkLoggerFactory) JdkLoggerFactory.INSTANCE).newInstance(name);
    }
}
