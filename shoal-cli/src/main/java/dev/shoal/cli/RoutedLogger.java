package dev.shoal.cli;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;

/**
 * One of Netty's loggers, as {@link LibraryLoggerFactory} hands them out: it drops every message until it is
 * routed to a real logger, then forwards to it. Netty takes its loggers as its classes load, before the command
 * line says whether anything is to be kept, so the choice is made here, per message.
 */
final class RoutedLogger extends AbstractInternalLogger {
    private static final long serialVersionUID = 1L;

    /** Where messages go; null drops them. */
    private transient volatile InternalLogger route;

    RoutedLogger(String name) {
        super(name);
    }

    void routeTo(InternalLogger logger) {
        route = logger;
    }

    @Override
    public boolean isTraceEnabled() {
        InternalLogger r = route;
        return r != null && r.isTraceEnabled();
    }

    @Override
    public void trace(String msg) {
        InternalLogger r = route;
        if (r != null) r.trace(msg);
    }

    @Override
    public void trace(String format, Object arg) {
        InternalLogger r = route;
        if (r != null) r.trace(format, arg);
    }

    @Override
    public void trace(String format, Object argA, Object argB) {
        InternalLogger r = route;
        if (r != null) r.trace(format, argA, argB);
    }

    @Override
    public void trace(String format, Object... arguments) {
        InternalLogger r = route;
        if (r != null) r.trace(format, arguments);
    }

    @Override
    public void trace(String msg, Throwable t) {
        InternalLogger r = route;
        if (r != null) r.trace(msg, t);
    }

    @Override
    public boolean isDebugEnabled() {
        InternalLogger r = route;
        return r != null && r.isDebugEnabled();
    }

    @Override
    public void debug(String msg) {
        InternalLogger r = route;
        if (r != null) r.debug(msg);
    }

    @Override
    public void debug(String format, Object arg) {
        InternalLogger r = route;
        if (r != null) r.debug(format, arg);
    }

    @Override
    public void debug(String format, Object argA, Object argB) {
        InternalLogger r = route;
        if (r != null) r.debug(format, argA, argB);
    }

    @Override
    public void debug(String format, Object... arguments) {
        InternalLogger r = route;
        if (r != null) r.debug(format, arguments);
    }

    @Override
    public void debug(String msg, Throwable t) {
        InternalLogger r = route;
        if (r != null) r.debug(msg, t);
    }

    @Override
    public boolean isInfoEnabled() {
        InternalLogger r = route;
        return r != null && r.isInfoEnabled();
    }

    @Override
    public void info(String msg) {
        InternalLogger r = route;
        if (r != null) r.info(msg);
    }

    @Override
    public void info(String format, Object arg) {
        InternalLogger r = route;
        if (r != null) r.info(format, arg);
    }

    @Override
    public void info(String format, Object argA, Object argB) {
        InternalLogger r = route;
        if (r != null) r.info(format, argA, argB);
    }

    @Override
    public void info(String format, Object... arguments) {
        InternalLogger r = route;
        if (r != null) r.info(format, arguments);
    }

    @Override
    public void info(String msg, Throwable t) {
        InternalLogger r = route;
        if (r != null) r.info(msg, t);
    }

    @Override
    public boolean isWarnEnabled() {
        InternalLogger r = route;
        return r != null && r.isWarnEnabled();
    }

    @Override
    public void warn(String msg) {
        InternalLogger r = route;
        if (r != null) r.warn(msg);
    }

    @Override
    public void warn(String format, Object arg) {
        InternalLogger r = route;
        if (r != null) r.warn(format, arg);
    }

    @Override
    public void warn(String format, Object... arguments) {
        InternalLogger r = route;
        if (r != null) r.warn(format, arguments);
    }

    @Override
    public void warn(String format, Object argA, Object argB) {
        InternalLogger r = route;
        if (r != null) r.warn(format, argA, argB);
    }

    @Override
    public void warn(String msg, Throwable t) {
        InternalLogger r = route;
        if (r != null) r.warn(msg, t);
    }

    @Override
    public boolean isErrorEnabled() {
        InternalLogger r = route;
        return r != null && r.isErrorEnabled();
    }

    @Override
    public void error(String msg) {
        InternalLogger r = route;
        if (r != null) r.error(msg);
    }

    @Override
    public void error(String format, Object arg) {
        InternalLogger r = route;
        if (r != null) r.error(format, arg);
    }

    @Override
    public void error(String format, Object argA, Object argB) {
        InternalLogger r = route;
        if (r != null) r.error(format, argA, argB);
    }

    @Override
    public void error(String format, Object... arguments) {
        InternalLogger r = route;
        if (r != null) r.error(format, arguments);
    }

    @Override
    public void error(String msg, Throwable t) {
        InternalLogger r = route;
        if (r != null) r.error(msg, t);
    }
}
