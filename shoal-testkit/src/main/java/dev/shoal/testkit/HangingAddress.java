package dev.shoal.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback address where a connect hangs, as to a host that drops packets: a listening socket whose
 * accept queue is full, so the kernel drops further SYNs. Nothing leaves the machine.
 */
public final class HangingAddress implements AutoCloseable {
    private final ServerSocket full;
    private final List<SocketChannel> fillers = new ArrayList<>();

    private HangingAddress(ServerSocket full) {
        this.full = full;
    }

    /** On {@code host} (a loopback address such as 127.0.0.2) and {@code port} (0: any free one). */
    public static HangingAddress on(String host, int port) {
        try {
            HangingAddress a = new HangingAddress(new ServerSocket());
            try {
                a.full.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
                for (int i = 0; i < 8; i++) {
                    SocketChannel s = SocketChannel.open();
                    a.fillers.add(s);
                    s.configureBlocking(false);
                    s.connect(a.full.getLocalSocketAddress());
                }
            } catch (IOException | RuntimeException e) {
                a.close();
                throw e;
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) full.getLocalSocketAddress();
    }

    @Override
    public void close() {
        for (SocketChannel s : fillers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
        try {
            full.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }
}
