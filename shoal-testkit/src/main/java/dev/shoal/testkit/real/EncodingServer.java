package dev.shoal.testkit.real;

import java.nio.file.Path;
import java.util.List;

/**
 * A small Python HTTP/1.1 server of ours that sends zstd and brotli bodies made by the reference libraries
 * (Debian packages {@code python3-zstandard} and {@code python3-brotli}), on a free loopback port. Routes:
 *
 * <pre>
 * /plain/{n}              n bytes of text, as they are
 * /zstd/{n}?frames=k      the same bytes in k zstd frames, concatenated (k=1 by default)
 * /zstd-cut/{n}           the first half of /zstd/{n}, with a Content-Length that says so
 * /zstd-bomb/{mib}        a small zstd body of mib MiB of zeros
 * /br-bomb/{mib}          a small brotli body of mib MiB of zeros
 * </pre>
 */
public final class EncodingServer implements AutoCloseable {
    private static final String SCRIPT = """
            import sys, zstandard, brotli
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            from urllib.parse import urlsplit, parse_qs

            def text(n):
                out, i, size = [], 0, 0
                while size < n:
                    line = b"line %d: the quick brown fox jumps over the lazy dog %d\\n" % (i, i * 31 % 97)
                    out.append(line); size += len(line); i += 1
                return b"".join(out)[:n]

            def zstd_frames(data, k):
                step = -(-len(data) // k) if data else 0
                parts = [data[i * step:(i + 1) * step] for i in range(k)]
                return b"".join(zstandard.ZstdCompressor(level=3).compress(p) for p in parts)

            def zeros(mib, compressor, chunk, end):
                mb = bytes(1 << 20)
                return b"".join([chunk(compressor, mb) for _ in range(mib)] + [end(compressor)])

            bombs = {}

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def do_GET(self):
                    url = urlsplit(self.path)
                    q = parse_qs(url.query)
                    kind, _, arg = url.path.strip("/").partition("/")
                    n = int(arg or 0)
                    encoding = None
                    if kind == "plain":
                        body = text(n)
                    elif kind == "zstd":
                        body, encoding = zstd_frames(text(n), int(q.get("frames", ["1"])[0])), "zstd"
                    elif kind == "zstd-cut":
                        body = zstandard.ZstdCompressor(level=3).compress(text(n))
                        body, encoding = body[:len(body) // 2], "zstd"
                    elif kind == "zstd-bomb":
                        key = ("zstd", n)
                        if key not in bombs:
                            bombs[key] = zeros(n, zstandard.ZstdCompressor(level=1).compressobj(),
                                               lambda c, b: c.compress(b), lambda c: c.flush())
                        body, encoding = bombs[key], "zstd"
                    elif kind == "br-bomb":
                        key = ("br", n)
                        if key not in bombs:
                            bombs[key] = zeros(n, brotli.Compressor(quality=1),
                                               lambda c, b: c.process(b), lambda c: c.finish())
                        body, encoding = bombs[key], "br"
                    else:
                        self.send_error(404)
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    if encoding:
                        self.send_header("Content-Encoding", encoding)
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, fmt, *args):
                    sys.stderr.write("%s\\n" % (fmt % args))

            ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """;

    private final LocalProcess process;
    private final int port;

    private EncodingServer(LocalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static EncodingServer start(Path dir) {
        DebianPackages.ensure("python3-zstandard", "python3-brotli");
        String python = Binaries.debianPython();
        Path script = dir.resolve("encoding_server.py");
        Commands.write(script, SCRIPT);
        return LocalProcess.onFreePorts(1, ports -> {
            LocalProcess p = LocalProcess.start("encoding server (Debian packages python3-zstandard python3-brotli)",
                    List.of(python, script.toString(), Integer.toString(ports[0])), dir, dir.resolve("encoding-server.log"), ports);
            return new EncodingServer(p, ports[0]);
        });
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
