/**
 * Shoal: asynchronous HTTP requests at scale. Only {@code dev.shoal} is exported; the engine in
 * {@code dev.shoal.internal} and its subpackages is not reachable from other modules.
 */
module dev.shoal {
    exports dev.shoal;

    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.dns;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.handler.proxy;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;  // DomainSocketAddress, for --unix-socket
    requires java.management;
    requires java.net.http;  // BodySink.inputStream: the JDK's InputStream body subscriber
    requires jdk.management;
    // Netty's decompressors need these and require them only statically: named here so that they are resolved
    requires com.aayushatharva.brotli4j;
    requires com.github.luben.zstd_jni;
}
