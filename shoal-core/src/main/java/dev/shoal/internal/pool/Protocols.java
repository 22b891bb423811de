package dev.shoal.internal.pool;

import dev.shoal.internal.base.Origin;
import io.netty.channel.Channel;

/**
 * The protocols a connection may speak, handed to the pool by the engine. The pool opens the channel and agrees
 * on a protocol (ALPN's pick over TLS, the version policy's in cleartext), then asks here for the connection
 * that speaks it: the pool knows a {@link Connection}, not HTTP/1.1 or HTTP/2, whose packages sit above it.
 */
public interface Protocols {

    /**
     * The connection that speaks {@code protocol} (an ALPN name: "h2", "http/1.1") on {@code channel}, its
     * handlers added to the channel's pipeline; its {@code ready()} completes when it may take exchanges.
     */
    Connection install(Channel channel, Origin origin, String protocol);
}
