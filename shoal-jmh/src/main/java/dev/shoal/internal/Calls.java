package dev.shoal.internal;

import dev.shoal.Request;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Call;
import dev.shoal.internal.call.Deadlines;
import io.netty.channel.EventLoop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Makes a {@link Call} for benchmarks that drive an exchange by hand. */
public final class Calls {
    /** The calls of a loop share their deadlines' line, as an {@link Engine}'s calls do (benchmarks use one config). */
    private static final Map<EventLoop, Deadlines> DEADLINES = new ConcurrentHashMap<>();

    private Calls() {
    }

    public static Call newCall(Request request, ShoalConfig config, EventLoop loop) {
        Deadlines deadlines = DEADLINES.computeIfAbsent(loop, l -> new Deadlines(l, config.deadline().toNanos()));
        return new Call(request, config, loop, config.followRedirects() ? config.maxRedirects() : Call.NO_REDIRECTS,
                deadlines);
    }
}
