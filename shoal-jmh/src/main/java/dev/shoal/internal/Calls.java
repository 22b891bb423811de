package dev.shoal.internal;

import dev.shoal.Request;
import dev.shoal.ShoalConfig;
import io.netty.channel.EventLoop;

/** Makes a {@link Call} (its constructor is package-private) for benchmarks that drive an exchange by hand. */
public final class Calls {
    private Calls() {
    }

    public static Call newCall(Request request, ShoalConfig config, EventLoop loop) {
        return new Call(request, config, loop);
    }
}
