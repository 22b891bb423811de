package dev.shoal.internal;

import dev.shoal.Request;
import dev.shoal.ShoalConfig;
import dev.shoal.internal.call.Call;
import io.netty.channel.EventLoop;

/** Makes a {@link Call} for benchmarks that drive an exchange by hand. */
public final class Calls {
    private Calls() {
    }

    public static Call newCall(Request request, ShoalConfig config, EventLoop loop) {
        return new Call(request, config, loop);
    }
}
