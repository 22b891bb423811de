package dev.shoal.internal.protocol;

import dev.shoal.ShoalConfig;
import dev.shoal.internal.base.Origin;
import dev.shoal.internal.http1.Http1Connection;
import dev.shoal.internal.http2.Http2Connection;
import dev.shoal.internal.pool.Connection;
import dev.shoal.internal.pool.Protocols;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolNames;

/** HTTP/2 where "h2" was agreed on, HTTP/1.1 otherwise (a server that said nothing in ALPN speaks HTTP/1.1). */
public final class HttpProtocols implements Protocols {
    private final ShoalConfig config;

    public HttpProtocols(ShoalConfig config) {
        this.config = config;
    }

    @Override
    public Connection install(Channel channel, Origin origin, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Connection h2 = new Http2Connection(channel, origin, config);
            h2.addHandlers(channel.pipeline());
            return h2;
        }
        Http1Connection h1 = new Http1Connection(channel, origin, config);
        h1.addHandlers(channel.pipeline());
        return h1;
    }
}
