package dev.shoal.internal.body;

import dev.shoal.ErrorKind;
import dev.shoal.ShoalException;
import dev.shoal.internal.base.Internal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip (RFC 1952, several members allowed) or deflate (zlib or raw) body with the JDK's
 * {@link Inflater}, into one fixed 64 KiB window: each piece is handed on (and counted against the body
 * limit) before the next is inflated, so a compression bomb never occupies more than that window.
 * Netty's zlib decoder buffers its whole output per input message, which is what a bomb exploits.
 * The window is the thread's, shared by its decoders: a piece is used before the next one is inflated and a
 * thread inflates one piece at a time, so a decoder needs no window of its own.
 */
final class InflaterDecoder implements ContentDecoder {
    private static final int MAX_HEADER = 64 * 1024;

    private enum State { GZIP_HEADER, DEFLATE_START, INFLATE, GZIP_TRAILER, DONE }

    private static final int WINDOW_BYTES = 64 * 1024;
    private static final byte[] NO_INPUT = new byte[0];
    private static final FastThreadLocal<ByteBuf> WINDOW = new FastThreadLocal<>() {
        @Override
        protected ByteBuf initialValue() {
            return Unpooled.wrappedBuffer(new byte[WINDOW_BYTES]);
        }
    };

    private final boolean gzip;
    private final CRC32 crc = new CRC32();
    private byte[] in = NO_INPUT;  // grows to the largest piece not yet inflated: a small body stays small
    private int start;
    private int end;
    private State state;
    private Inflater inflater;
    private long memberSize;
    private boolean sawInput;
    private int members;
    /** The last decode stopped for its caller with input or output left: the next one goes on from there. */
    private boolean paused;

    InflaterDecoder(boolean gzip) {
        this.gzip = gzip;
        this.state = gzip ? State.GZIP_HEADER : State.DEFLATE_START;
    }

    @Override
    public boolean decode(ByteBuf encoded, Consumer<ByteBuf> out, BooleanSupplier more) {
        int n = encoded.readableBytes();
        if (n == 0 && !paused) {
            return true;
        }
        if (n > 0) {
            sawInput = true;
            append(encoded, n);
        }
        paused = false;
        run(out, more);
        return !paused;
    }

    @Override
    public void finish(Consumer<ByteBuf> out) {
        run(out, ALWAYS);
        boolean complete = state == State.DONE || (gzip && state == State.GZIP_HEADER && (end == start || !sawInput));
        if (!complete && sawInput) {
            throw Internal.shoalException(ErrorKind.PROTOCOL, "truncated " + (gzip ? "gzip" : "deflate") + " body");
        }
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private void run(Consumer<ByteBuf> out, BooleanSupplier more) {
        while (true) {
            switch (state) {
                case GZIP_HEADER -> {
                    if (members > 0 && end - start >= 1 && (in[start] & 0xff) != 0x1f) {
                        start = end;  // bytes after the last member that start no new one: ignored, as gzip(1) does
                        state = State.DONE;
                        return;
                    }
                    int len = GzipHeader.length(in, start, end);
                    if (len < 0) {
                        if (end - start > MAX_HEADER) throw bad("gzip header too long");
                        return;
                    }
                    start += len;
                    newInflater(true);
                    crc.reset();
                    memberSize = 0;
                    state = State.INFLATE;
                }
                case DEFLATE_START -> {
                    if (end - start < 2) return;
                    int cmf = in[start] & 0xff;
                    int flg = in[start + 1] & 0xff;
                    boolean zlib = (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;  // else raw deflate, as some servers send
                    newInflater(!zlib);
                    state = State.INFLATE;
                }
                case INFLATE -> {
                    if (!inflate(out, more)) return;
                    state = gzip ? State.GZIP_TRAILER : State.DONE;
                }
                case GZIP_TRAILER -> {
                    if (end - start < 8) return;
                    long expectedCrc = le32(in, start);
                    long expectedSize = le32(in, start + 4);
                    if (expectedCrc != crc.getValue() || expectedSize != (memberSize & 0xffffffffL)) {
                        throw bad("gzip checksum mismatch");
                    }
                    start += 8;
                    members++;
                    state = State.GZIP_HEADER;  // another member may follow
                    if (start == end) return;
                }
                case DONE -> {
                    start = end;
                    return;
                }
            }
        }
    }

    /** Inflates what input there is, while {@code more} says so; true when the deflate stream ended. */
    private boolean inflate(Consumer<ByteBuf> out, BooleanSupplier more) {
        ByteBuf windowBuf = WINDOW.get();
        byte[] window = windowBuf.array();
        inflater.setInput(in, start, end - start);
        try {
            while (true) {
                if (!more.getAsBoolean()) {
                    start = end - inflater.getRemaining();  // the rest is set again as input when decoding goes on
                    paused = true;
                    return false;
                }
                int n = inflater.inflate(window);
                if (n > 0) {
                    if (gzip) crc.update(window, 0, n);
                    memberSize += n;
                    windowBuf.setIndex(0, n);
                    out.accept(windowBuf);
                } else if (inflater.finished()) {
                    start = end - inflater.getRemaining();
                    return true;
                } else if (inflater.needsInput()) {
                    start = end;
                    return false;
                } else if (inflater.needsDictionary()) {
                    throw bad("deflate stream needs a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw bad("corrupt " + (gzip ? "gzip" : "deflate") + " body: " + e.getMessage());
        }
    }

    private void newInflater(boolean raw) {
        close();
        inflater = new Inflater(raw);
    }

    private void append(ByteBuf encoded, int n) {
        if (start == end) {
            start = end = 0;
        }
        if (end + n > in.length) {
            int live = end - start;
            if (live + n <= in.length) {
                System.arraycopy(in, start, in, 0, live);
            } else {
                in = Arrays.copyOfRange(in, start, start + Math.max(2 * in.length, live + n));
            }
            start = 0;
            end = live;
        }
        encoded.getBytes(encoded.readerIndex(), in, end, n);
        end += n;
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
    }

    private static ShoalException bad(String message) {
        return Internal.shoalException(ErrorKind.PROTOCOL, message);
    }

    /** The gzip member header (RFC 1952 2.3): its length once complete, -1 while more bytes are needed. */
    static final class GzipHeader {
        private static final int FHCRC = 2;
        private static final int FEXTRA = 4;
        private static final int FNAME = 8;
        private static final int FCOMMENT = 16;

        static int length(byte[] b, int from, int to) {
            if (to - from < 10) return -1;
            if ((b[from] & 0xff) != 0x1f || (b[from + 1] & 0xff) != 0x8b) throw bad("not a gzip body");
            if (b[from + 2] != 8) throw bad("unknown gzip compression method");
            int flags = b[from + 3] & 0xff;
            int i = from + 10;
            if ((flags & FEXTRA) != 0) {
                if (to - i < 2) return -1;
                i += 2 + ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8);
            }
            if ((flags & FNAME) != 0) {
                i = afterZero(b, i, to);
                if (i < 0) return -1;
            }
            if ((flags & FCOMMENT) != 0) {
                i = afterZero(b, i, to);
                if (i < 0) return -1;
            }
            if ((flags & FHCRC) != 0) {
                i += 2;
            }
            return i <= to ? i - from : -1;
        }

        private static int afterZero(byte[] b, int i, int to) {
            for (int j = i; j < to; j++) {
                if (b[j] == 0) return j + 1;
            }
            return -1;
        }
    }
}
