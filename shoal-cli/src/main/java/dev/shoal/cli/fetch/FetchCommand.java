package dev.shoal.cli.fetch;

import dev.shoal.Headers;
import dev.shoal.ProxyConfig;
import dev.shoal.Shoal;
import dev.shoal.cli.FatalError;
import dev.shoal.cli.LibraryLogging;
import dev.shoal.cli.Terminal;
import dev.shoal.rows.RowColumns;
import dev.shoal.rows.RowFormat;
import dev.shoal.rows.RowWriter;
import dev.shoal.options.ClientOptions;
import dev.shoal.options.SizeConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/** {@code shoal fetch}: the options, checked and turned into a client, a request template and the run's streams. */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpWidth = 100, header = "Fetch URLs concurrently: one row per request (JSON Lines or CSV).",
        description = {
                "Fetches every URL given, and every request line of the input, concurrently, and writes one "
                        + "row per request, in completion order.",
                "",
                "Input: one request per line, a URL or a JSON object "
                        + "{\"url\": ..., \"method\": ..., \"headers\": {name: value}, \"body\": \"text\"}, whose body "
                        + "may instead be \"body_file\": \"PATH\" (streamed from disk) or \"body_base64\": \"...\" (binary). "
                        + "Blank lines and # comments are skipped; every other line gets the next index (from 0; "
                        + "URL arguments come first) and exactly one row, even when it is not a valid request.",
                ""},
        footer = {
                "",
                "Uploads (-T, -F files and a lone --data-binary @FILE are streamed from disk):",
                "  shoal fetch -T backup.tar http://dav.example/backups/backup.tar",
                "  shoal fetch -F title=holiday -F 'photo=@beach.jpg;type=image/jpeg' http://example.com/upload",
                "  shoal fetch --data-urlencode 'q=fish & chips' http://example.com/search",
                "  shoal fetch --data-binary @big.json -H 'Content-Type: application/json' http://example.com/api",
                "",
                "Rows (JSON Lines, or CSV with --format csv): index, url, method, status, final_url, redirects, "
                        + "protocol, bytes, attempts, started_at (epoch ms), elapsed_ms, remote_ip (null when it never "
                        + "connected), etag, last_modified; unchanged with --since; sha256 with --hash; body_path with "
                        + "--bodies; timings {queued, dns, connect, tls, wait, download, total} (ms) with --timings; "
                        + "headers {name: value} with --include-header; "
                        + "error {kind, message} when the request failed (then status is null). --fields chooses.",
                "Error kinds: invalid_url, unsupported_scheme, invalid_request, dns, connect_refused, connect_timeout, "
                        + "tls, proxy, read_timeout, timeout, connection_closed, protocol, body_too_large, "
                        + "too_many_redirects, cancelled, io.",
                "",
                "Exit status: 0 when the run completed (failed requests are rows); 1 when the output cannot be "
                        + "written or the input read; 2 on a usage error (also when --resume finds rows of another "
                        + "input); 3 out of memory; 130 after Ctrl-C (SIGINT) and 143 after SIGTERM, as a shell "
                        + "reports a process those signals ended: every row written by then is complete, and "
                        + "--resume fetches the rest.",
                "",
                "Rows are flushed within 100 ms of their request's end, also while the input is idle. "
                        + "Stderr carries Shoal's own lines only (progress, summary, errors); "
                        + "--log-file keeps what libraries log.",
                "",
                "Examples:",
                "  shoal fetch https://example.com/",
                "  shoal fetch -i urls.txt -o rows.jsonl -c 200 --per-host 16 -m 10 --retry 2",
                "  shoal fetch -i urls.txt -o rows.jsonl --resume",
                "  shoal fetch -i urls.txt -o rows.csv --format csv --fields url,status,headers.server,timings.total",
                "  shoal fetch -i urls.txt -o rows.jsonl --include-header Content-Type --include-header Cache-Control",
                "  shoal fetch -i urls.txt -o week2.jsonl --bodies bodies --since week1.jsonl",
                ""})
public final class FetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "URLs to fetch, before the input's lines.")
    private List<String> urls = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE|-",
            description = "Read request lines from FILE, or stdin for -. Default: stdin when no URL is given.")
    private String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", description = "Write rows to FILE (default: stdout).")
    private String output;

    @Mixin
    private ClientOptions clientOptions = new ClientOptions();

    @Mixin
    private SessionOptions session = new SessionOptions();

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "Add a header to every request (repeatable).")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER:PASSWORD",
            description = "Basic authentication for every request (never written to rows).")
    private String user;

    @Option(names = {"-X", "--request"}, paramLabel = "METHOD",
            description = "The method (default: GET, or POST with a body).")
    private String method;

    @Option(names = {"-d", "--data"}, paramLabel = "DATA|@FILE",
            description = "Send DATA (or FILE's bytes, as they are) as the body of every request; "
                    + "Content-Type defaults to application/x-www-form-urlencoded, as with curl. Repeatable: "
                    + "-d, --data-binary and --data-urlencode are joined with &, in that order.")
    private List<String> data = new ArrayList<>();

    @Option(names = "--data-binary", paramLabel = "DATA|@FILE",
            description = "As -d; a lone --data-binary @FILE is streamed from disk, never read into memory.")
    private List<String> dataBinary = new ArrayList<>();

    @Option(names = "--data-urlencode", paramLabel = "[NAME]=TEXT|[NAME]@FILE",
            description = "As -d, with TEXT (or FILE's content) percent-encoded as curl does: "
                    + "TEXT, =TEXT, NAME=TEXT, @FILE or NAME@FILE.")
    private List<String> dataUrlencode = new ArrayList<>();

    @Option(names = {"-F", "--form"}, paramLabel = "NAME=VALUE|NAME=@FILE|NAME=<FILE[;type=TYPE][;filename=NAME]",
            description = "A multipart/form-data part (repeatable), as curl's -F: a text field, a file streamed "
                    + "from disk (@FILE; Content-Type application/octet-stream unless ;type= says otherwise), or a "
                    + "field whose value is read from a file (<FILE). POST by default.")
    private List<String> form = new ArrayList<>();

    @Option(names = {"-T", "--upload-file"}, paramLabel = "FILE",
            description = "Upload FILE as the body of every request, streamed from disk: PUT unless -X says otherwise.")
    private Path uploadFile;

    @Option(names = {"-x", "--proxy"}, paramLabel = "URL",
            description = "HTTP proxy (forwards http, CONNECT for https) or socks5:// proxy, user:password@ allowed. "
                    + "Default: $http_proxy / $https_proxy by scheme (upper case too), else $all_proxy.")
    private String proxy;

    @Option(names = "--noproxy", paramLabel = "HOSTS", split = ",",
            description = "Hosts (and their subdomains) reached directly; * for all. Default: $no_proxy.")
    private List<String> noProxy;

    @Option(names = "--resolve", paramLabel = "HOST:PORT:ADDR[,ADDR]",
            description = "Connect to these addresses for HOST (* for any) on PORT, without DNS; IPv6 in brackets "
                    + "(repeatable). TLS and the Host header keep the URL's host.")
    private List<String> resolves = new ArrayList<>();

    @Option(names = "--connect-to", paramLabel = "HOST1:PORT1:HOST2:PORT2",
            description = "Connect to HOST2:PORT2 for requests to HOST1:PORT1; an empty part matches any (1) or "
                    + "keeps the original (2) (repeatable, the first match applies). TLS and Host keep the URL's host.")
    private List<String> connectTos = new ArrayList<>();

    @Option(names = "--dns-servers", paramLabel = "ADDR[:PORT][,...]",
            description = "Ask these DNS servers, in turn, instead of those of /etc/resolv.conf.")
    private String dnsServers;

    @Option(names = "--hash", description = "Add the body's SHA-256 to each row (column sha256).")
    private boolean hash;

    @Option(names = "--timings", description = "Add where each request's time went to its row, in milliseconds: "
            + "timings {queued (our own limits), dns, connect, tls, wait (request sent to response head), download, "
            + "total}; zero for a phase that did not happen, such as connect on a pooled connection.")
    private boolean timings;

    @Mixin
    private RowOptions rowOptions = new RowOptions();

    @Option(names = "--bodies", paramLabel = "DIR",
            description = "Save each body as DIR/<index> (column body_path), moved into place when complete. A body "
                    + "cut short stays as DIR/<index>.part; --resume continues it with a Range request guarded by "
                    + "If-Range (ETag or Last-Modified) where the server allows, and starts it over where it does not.")
    private Path bodies;

    @Option(names = "--resume", description = "Skip the indexes that already have a row in the -o FILE and append the "
            + "rest; the URL and method of each of those rows must be those of the input's request at its index.")
    private boolean resume;

    @Option(names = "--max-line-bytes", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "1M",
            description = "An input line longer than SIZE is not read; its row has error kind invalid_request "
                    + "(default: ${DEFAULT-VALUE}).")
    private long maxLineBytes;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Append what libraries (Netty) log at INFO and above to FILE; by default it is dropped.")
    private Path logFile;

    @Option(names = "--no-progress", description = "No live progress line on stderr (it is only drawn on a terminal).")
    private boolean noProgress;

    @Override
    public Integer call() {
        validate();
        Shoal.Builder client = client();
        RequestTemplate template = template();
        PrintWriter err = spec.commandLine().getErr();
        logToFile();
        RowFormat format = rowFormat();
        RowColumns columns = rowColumns();
        EarlierRows done = resume ? scanOutput() : new EarlierRows();
        if (resume) {
            checkResumedOutput(done, format, columns);
            checkResumedInput(template, done);
        }
        PreviousRows previous = since(err);
        template.since(previous);
        InputLines lines = new InputLines(urls, openInput(), (int) maxLineBytes);
        createBodiesDir();
        OutputStream out = openOutput();
        boolean csvHeader = done.format() == null;
        try (RowWriter rows = new RowWriter(out, format, columns, csvHeader); Shoal shoal = build(client)) {
            session.loadCookies(shoal, err);
            try {
                return new FetchRun(rows, outputName(), err, progress(err, done.done()),
                        new RowMaker(columns.headerNames(), previous)).run(shoal, lines, template, done);
            } finally {
                session.saveCookies(shoal);  // also after a fatal error: the cookies got so far are kept, as curl does
            }
        } catch (IOException e) {
            throw FatalError.io("cannot write rows to", outputName(), e);
        } catch (ResumeMismatch e) {
            throw resumeMismatch(e);
        }
    }

    private RowFormat rowFormat() {
        try {
            return rowOptions.format();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private RowColumns rowColumns() {
        try {
            RowColumns columns = rowOptions.columns(hash, bodies != null, timings);
            if (resume && !(columns.has(RowColumns.Field.INDEX) && columns.has(RowColumns.Field.URL)
                    && columns.has(RowColumns.Field.METHOD))) {
                usage("--resume needs the columns index, url and method in --fields");
            }
            return columns;
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    /** Appended rows must be in the format, and for CSV the columns, of the rows already there. */
    private void checkResumedOutput(EarlierRows done, RowFormat format, RowColumns columns) {
        if (done.format() != null && done.format() != format) {
            usage("--resume: " + output + " holds " + done.format().name().toLowerCase(java.util.Locale.ROOT)
                    + " rows; run with --format " + done.format().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (done.csvColumns() != null && !done.csvColumns().equals(columns.names())) {
            usage("--resume: " + output + " has the columns " + String.join(",", done.csvColumns())
                    + "; this run writes " + columns + " (give the same --fields and options)");
        }
    }

    /** The previous run's rows for --since, or null without it. */
    private PreviousRows since(PrintWriter err) {
        Path previous = rowOptions.since();
        if (previous == null) {
            return null;
        }
        try {
            PreviousRows rows = PreviousRowsFile.load(previous);
            if (rows.size() == 0) {
                err.println("shoal: --since " + previous + ": no row with an etag or last_modified; "
                        + "every request is sent unconditionally");
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw usageError("--since " + previous + ": no such file or directory");  // a mistyped name: the command line is wrong
        } catch (IOException e) {
            throw FatalError.io("cannot read --since", previous, e);
        }
    }

    /**
     * With an input that can be read twice, every row kept is checked against its line before anything is
     * sent; from stdin, each is checked as its line arrives.
     */
    private void checkResumedInput(RequestTemplate template, EarlierRows done) {
        boolean stdin = input == null ? urls.isEmpty() : input.equals("-");
        if (done.lastIndex() < 0 || stdin || input != null && !Files.isRegularFile(Path.of(input))) {
            return;
        }
        try (InputStream in = openInput(); InputLines lines = new InputLines(urls, in, (int) maxLineBytes)) {
            RequestSource check = new RequestSource(lines, template, done, row -> { });
            while (check.nextIndex() <= done.lastIndex() && check.hasNext()) {
                check.next();
            }
        } catch (IOException | UncheckedIOException e) {
            throw FatalError.io("cannot read", input, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        } catch (ResumeMismatch e) {
            throw resumeMismatch(e);
        }
    }

    private ParameterException resumeMismatch(ResumeMismatch e) {
        return usageError("--resume: " + output + " holds rows of another input: " + e.getMessage());
    }

    private void logToFile() {
        if (logFile != null) {
            try {
                LibraryLogging.toFile(logFile);
            } catch (IOException e) {
                throw FatalError.io("cannot write --log-file", logFile, e);
            }
        }
    }

    /**
     * The client; a setting it cannot honour is the user's to change, so a usage error: bounds the file limit
     * cannot hold (-c, --max-idle), a CA file that is not PEM, OpenSSL asked for where it does not load.
     */
    private Shoal build(Shoal.Builder client) {
        try {
            return client.build();
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private void validate() {
        try {
            clientOptions.check();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        if (resume && (output == null || output.equals("-"))) usage("--resume needs -o FILE");
        if (outputIsTheInput()) {
            usage("-o " + output + " is the input file: its rows would overwrite the requests before they are read");
        }
        String conflict = session.conflict(clientOptions.cookies());
        if (conflict != null) usage(conflict);
        if (maxLineBytes < 1 || maxLineBytes > Integer.MAX_VALUE - 16) usage("--max-line-bytes must be from 1 to 2G");
        if (urls.isEmpty() && input == null && Terminal.isTerminal(0)) {
            usage("no input: give URLs, -i FILE, or pipe request lines to stdin");
        }
    }

    /** Whether -o names the -i file (by any path): opening it for rows would truncate it, or append rows to the input. */
    private boolean outputIsTheInput() {
        if (input == null || input.equals("-") || output == null || output.equals("-")) {
            return false;
        }
        try {
            return Files.isSameFile(Path.of(input), Path.of(output));
        } catch (IOException e) {
            return false;  // one of them does not exist (yet): they are not the same file
        }
    }

    private Shoal.Builder client() {
        Shoal.Builder builder = clientOptions.applyTo(Shoal.builder());
        try {
            session.applyTo(builder);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        proxies(builder);
        names(builder);
        return builder;
    }

    /** --proxy for every request, else per scheme from the usual variables (as curl reads them); --noproxy wins. */
    private void proxies(Shoal.Builder builder) {
        Map<String, String> env = System.getenv();
        try {
            if (proxy != null) {
                List<String> bypass = noProxy != null ? noProxy : ProxyConfig.noProxyList(env.getOrDefault("no_proxy", env.get("NO_PROXY")));
                builder.proxy(ProxyConfig.parse(proxy, bypass));
            } else {
                builder.proxies(bypassing(ProxyConfig.fromEnvironment(env, "http")),
                        bypassing(ProxyConfig.fromEnvironment(env, "https")));
            }
        } catch (IllegalArgumentException e) {
            throw usageError((proxy != null ? "--proxy: " : "proxy from the environment: ") + e.getMessage());
        }
    }

    /** --resolve, --connect-to and --dns-servers, as curl has them. */
    private void names(Shoal.Builder builder) {
        try {
            for (String r : resolves) {
                NameOptions.resolve(builder, r);
            }
            for (String c : connectTos) {
                NameOptions.connectTo(builder, c);
            }
            if (dnsServers != null) {
                builder.dnsServers(NameOptions.dnsServers(dnsServers));
            }
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private ProxyConfig bypassing(ProxyConfig p) {
        return p == null || noProxy == null ? p
                : new ProxyConfig(p.type(), p.host(), p.port(), p.username(), p.password(), noProxy);
    }

    private RequestTemplate template() {
        Headers.Builder h = new Headers.Builder();
        List<String> names = new ArrayList<>();
        for (String header : headers) {
            String[] nameValue = HeaderOption.parse(header);
            if (nameValue == null) usage(HeaderOption.shown(header) + ": expected 'Name: value' with a token name and no line break");
            h.add(nameValue[0], nameValue[1]);
            names.add(nameValue[0].toLowerCase(java.util.Locale.ROOT));
        }
        if (user != null) {
            if (!user.contains(":")) usage("-u: expected USER:PASSWORD");
            if (!names.contains("authorization")) {
                h.add("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
            }
        }
        BodyOptions body = bodyOptions();
        if (body.contentType() != null && !names.contains("content-type")) {
            h.add("Content-Type", body.contentType());
        }
        if (method != null && !HeaderOption.isToken(method)) usage("-X '" + method + "' is not a method name");
        return new RequestTemplate(method != null ? method : body.method(), h.build(), body.body(), hash, bodies);
    }

    private BodyOptions bodyOptions() {
        for (String d : dataBinary) {
            if (d.startsWith("@")) readable(Path.of(d.substring(1)), "--data-binary");
        }
        if (uploadFile != null && !uploadFile.toString().equals("-")) readable(uploadFile, "-T");
        try {
            return BodyOptions.of(data, dataBinary, dataUrlencode, form, uploadFile, FetchCommand::readBodyFile);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    private static void readable(Path file, String option) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw FatalError.io("cannot read " + option, file, new java.nio.file.NoSuchFileException(file.toString()));
        }
    }

    private static byte[] readBodyFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw FatalError.io("cannot read the body file", file, e);
        }
    }

    private InputStream openInput() {
        String source = input != null ? input : urls.isEmpty() ? "-" : null;
        if (source == null) {
            return null;
        }
        try {
            return source.equals("-") ? System.in : Files.newInputStream(Path.of(source));
        } catch (IOException e) {
            throw FatalError.io("cannot read input", source, e);
        }
    }

    private EarlierRows scanOutput() {
        try {
            return ResumeScanner.scan(Path.of(output));
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("cannot resume")
                    ? new FatalError(e.getMessage()) : FatalError.io("cannot resume from", output, e);
        }
    }

    private OutputStream openOutput() {
        if (output == null || output.equals("-")) {
            return new FileOutputStream(FileDescriptor.out);
        }
        try {
            // a FileOutputStream, not a channel's stream: an interrupt (Ctrl-C) must not close it mid-row
            return new FileOutputStream(output, resume);
        } catch (IOException e) {
            throw FatalError.io("cannot write rows to", output, e);
        }
    }

    private void createBodiesDir() {
        if (bodies != null) {
            try {
                Files.createDirectories(bodies);
                if (!resume) {
                    forgetPartialBodies();
                }
            } catch (IOException e) {
                throw FatalError.io("cannot create --bodies directory", bodies, e);
            }
        }
    }

    /** Without --resume every body starts afresh: partial files of an earlier run are not continued. */
    private void forgetPartialBodies() throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(bodies, "*.part.resume")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    private ProgressMeter progress(PrintWriter err, BitSet done) {
        if (noProgress || !Terminal.isTerminal(2)) {
            return null;
        }
        int already = done.cardinality();
        LongSupplier total;
        if (input != null && !input.equals("-") && Files.isRegularFile(Path.of(input))) {
            InputCounter counter = InputCounter.start(Path.of(input));
            total = () -> counter.count() < 0 ? -1 : Math.max(0, urls.size() + counter.count() - already);
        } else if (input == null && !urls.isEmpty()) {
            total = () -> Math.max(0, urls.size() - already);
        } else {
            total = () -> -1;
        }
        return new ProgressMeter(err, total, Terminal.columns(), System.nanoTime());
    }

    private String outputName() {
        return output == null || output.equals("-") ? "stdout" : output;
    }

    private void usage(String message) {
        throw usageError(message);
    }

    private ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
