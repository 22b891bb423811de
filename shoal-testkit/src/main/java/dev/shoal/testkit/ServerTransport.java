package dev.shoal.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A bound loopback server: its event loops (epoll when the native transport loads, NIO otherwise) and
 * its listening channel. Threads are daemons so a server a test forgot to close never keeps the JVM alive.
 */
final class ServerTransport implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private ServerTransport(EventLoopGroup group, Channel serverChannel, ChannelGroup connections) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    static ServerTransport bind(String name, int threads, ChannelHandler childInitializer) {
        return bind(name, threads, LOOPBACK, childInitializer);
    }

    /** As {@link #bind(String, int, ChannelHandler)}, on {@code address} (the wildcard reaches every 127.x.y.z). */
    static ServerTransport bind(String name, int threads, InetAddress address, ChannelHandler childInitializer) {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ChannelGroup connections = new DefaultChannelGroup(name, GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096) // benchmarks open thousands of connections at once
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(childInitializer);
                        }
                    })
                    .bind(new InetSocketAddress(address, 0))
                    .syncUninterruptibly()
                    .channel();
            return new ServerTransport(group, channel, connections);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The client socket type that matches the event loops: for servers that connect onwards (a proxy). */
    static Class<? extends io.netty.channel.socket.SocketChannel> clientChannelType() {
        return Epoll.isAvailable() ? io.netty.channel.epoll.EpollSocketChannel.class
                : io.netty.channel.socket.nio.NioSocketChannel.class;
    }

    /** The event loop that accepts connections (with one thread, the one that serves them too). */
    io.netty.channel.EventLoop acceptingLoop() {
        return serverChannel.eventLoop();
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    String url(String pathAndQuery) {
        String path = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        return "http://127.0.0.1:" + port() + path;
    }

    /**
     * Stops accepting, closes every open connection (stalled ones included), then the event loops. The loops'
     * shutdown alone may end without closing the connections (see the core's ConnectionFactory.closeAll).
     */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
