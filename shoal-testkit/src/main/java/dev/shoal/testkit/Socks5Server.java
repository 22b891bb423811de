package dev.shoal.testkit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.socksx.v5.DefaultSocks5CommandResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5InitialResponse;
import io.netty.handler.codec.socksx.v5.DefaultSocks5PasswordAuthResponse;
import io.netty.handler.codec.socksx.v5.Socks5AddressType;
import io.netty.handler.codec.socksx.v5.Socks5AuthMethod;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequest;
import io.netty.handler.codec.socksx.v5.Socks5CommandRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5CommandStatus;
import io.netty.handler.codec.socksx.v5.Socks5CommandType;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequest;
import io.netty.handler.codec.socksx.v5.Socks5InitialRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5Message;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequest;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthRequestDecoder;
import io.netty.handler.codec.socksx.v5.Socks5PasswordAuthStatus;
import io.netty.handler.codec.socksx.v5.Socks5ServerEncoder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 proxy (RFC 1928, CONNECT only, with optional RFC 1929 username/password) on a loopback
 * port, for tests of a client's SOCKS5 support. It records each destination a client asked for, so a test
 * can tell the traffic went through it, and relays bytes both ways with back-pressure.
 */
public final class Socks5Server implements AutoCloseable {
    private final ServerTransport transport;
    private final List<String> destinations = new CopyOnWriteArrayList<>();
    private final String user;
    private final String password;

    private Socks5Server(String user, String password) {
        this.user = user;
        this.password = password;
        this.transport = ServerTransport.bind("socks5", 1, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(Socks5ServerEncoder.DEFAULT, new Socks5InitialRequestDecoder(), new Handshake());
            }
        });
    }

    /** A proxy that asks for no authentication. */
    public static Socks5Server start() {
        return new Socks5Server(null, null);
    }

    /** A proxy that accepts only this username and password. */
    public static Socks5Server start(String user, String password) {
        return new Socks5Server(user, password);
    }

    public int port() {
        return transport.port();
    }

    /** {@code socks5://127.0.0.1:port}, without credentials. */
    public String url() {
        return "socks5://127.0.0.1:" + port();
    }

    /** Every destination a client asked to connect to, as {@code host:port}, in order. */
    public List<String> destinations() {
        return List.copyOf(destinations);
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Method choice, authentication, then the CONNECT command; after it the channel is a plain relay. */
    private final class Handshake extends SimpleChannelInboundHandler<Socks5Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Socks5Message msg) {
            if (msg.decoderResult().isFailure()) {
                ctx.close();
            } else if (msg instanceof Socks5InitialRequest init) {
                chooseMethod(ctx, init);
            } else if (msg instanceof Socks5PasswordAuthRequest auth) {
                boolean ok = auth.username().equals(user) && auth.password().equals(password);
                ctx.writeAndFlush(new DefaultSocks5PasswordAuthResponse(ok ? Socks5PasswordAuthStatus.SUCCESS : Socks5PasswordAuthStatus.FAILURE));
                if (ok) {
                    ctx.pipeline().replace(Socks5PasswordAuthRequestDecoder.class, "command", new Socks5CommandRequestDecoder());
                } else {
                    ctx.close();
                }
            } else if (msg instanceof Socks5CommandRequest command) {
                connect(ctx, command);
            } else {
                ctx.close();
            }
        }

        private void chooseMethod(ChannelHandlerContext ctx, Socks5InitialRequest init) {
            Socks5AuthMethod wanted = user == null ? Socks5AuthMethod.NO_AUTH : Socks5AuthMethod.PASSWORD;
            if (!init.authMethods().contains(wanted)) {
                ctx.writeAndFlush(new DefaultSocks5InitialResponse(Socks5AuthMethod.UNACCEPTED)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(new DefaultSocks5InitialResponse(wanted));
            ctx.pipeline().replace(Socks5InitialRequestDecoder.class, "next",
                    user == null ? new Socks5CommandRequestDecoder() : new Socks5PasswordAuthRequestDecoder());
        }

        private void connect(ChannelHandlerContext ctx, Socks5CommandRequest command) {
            if (command.type() != Socks5CommandType.CONNECT) {
                reply(ctx, Socks5CommandStatus.COMMAND_UNSUPPORTED).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            destinations.add(command.dstAddr() + ":" + command.dstPort());
            Channel inbound = ctx.channel();
            inbound.config().setAutoRead(false);  // nothing is read until the relay is in place
            new Bootstrap().group(inbound.eventLoop()).channel(ServerTransport.clientChannelType())
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(new Relay(inbound))
                    .connect(command.dstAddr(), command.dstPort())
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            reply(ctx, Socks5CommandStatus.CONNECTION_REFUSED).addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        Channel outbound = f.channel();
                        reply(ctx, Socks5CommandStatus.SUCCESS).addListener(w -> {
                            ctx.pipeline().remove(Socks5ServerEncoder.class);
                            ctx.pipeline().remove(Socks5CommandRequestDecoder.class);
                            ctx.pipeline().replace(this, "relay", new Relay(outbound));
                            inbound.config().setAutoRead(true);
                            outbound.config().setAutoRead(true);
                        });
                    });
        }

        private io.netty.channel.ChannelFuture reply(ChannelHandlerContext ctx, Socks5CommandStatus status) {
            return ctx.writeAndFlush(new DefaultSocks5CommandResponse(status, Socks5AddressType.IPv4, "0.0.0.0", 0));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Writes what one side reads to the other, pausing reads while the other side cannot keep up. */
    private static final class Relay extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg);
            if (!peer.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // this side drained: the peer, paused on its behalf, may read again
            if (ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peer.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
