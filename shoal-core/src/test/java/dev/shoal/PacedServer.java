package dev.shoal;

import dev.shoal.testkit.TestCertificate;

import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP/1.1 server on 127.0.0.1 (TLS when given a certificate) that paces its answers:
 * {@code /?head=H&body=B} sends the response head H ms after the request, and the body B ms after the head,
 * so a client's timings can be told apart phase by phase. Blocking sockets, a thread per connection.
 */
final class PacedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private PacedServer(ServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::accept, "paced-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static PacedServer start() throws IOException {
        return new PacedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    static PacedServer startTls(TestCertificate certificate) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(certificate.keyManagerFactory().getKeyManagers(), null, null);
        return new PacedServer(tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "paced-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) continue;
                String target = line.split(" ")[1];
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // headers: the requests carry no body
                }
                Map<String, Integer> q = query(target);
                byte[] body = "x".repeat(q.getOrDefault("bytes", 100)).getBytes(StandardCharsets.US_ASCII);
                Thread.sleep(q.getOrDefault("head", 0));
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nContent-Type: text/plain\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(q.getOrDefault("body", 0));
                out.write(body);
                out.flush();
            }
        } catch (IOException | InterruptedException | RuntimeException gone) {
            // the client closed, or the server did
        } finally {
            open.remove(s);
        }
    }

    private static Map<String, Integer> query(String target) {
        Map<String, Integer> q = new ConcurrentHashMap<>();
        int i = target.indexOf('?');
        if (i < 0) return q;
        for (String pair : target.substring(i + 1).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) q.put(kv[0], Integer.parseInt(kv[1]));
        }
        return q;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
